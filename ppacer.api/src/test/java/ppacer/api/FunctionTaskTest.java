package ppacer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Task#of}: runs its lambda; the DAG's fingerprint does not depend on the lambda's JVM-made class. */
class FunctionTaskTest {
    private static Dag dag(Task a, Task b) {
        Node n = Node.of(a);
        n.then(Node.of(b));
        return Dag.builder("f").root(n).build();
    }

    @Test
    void runs_its_body_and_fingerprints_by_id_and_place_only() throws Exception {
        List<String> ran = new ArrayList<>();
        Task a = Task.of("a", ctx -> ran.add("a"));
        a.execute(null);
        assertEquals(List.of("a"), ran);
        assertEquals("a", a.id());
        assertEquals("Task[a]", a.toString());
        assertEquals(dag(Task.of("a", ctx -> { }), Task.of("b", ctx -> { })).fingerprint(),
                dag(Task.of("a", ctx -> ran.add("x")), Task.of("b", ctx -> ran.add("y"))).fingerprint(),
                "two lambdas per task id: the same DAG");
        assertNotEquals(dag(Task.of("a", ctx -> { }), Task.of("b", ctx -> { })).fingerprint(),
                dag(Task.of("a", ctx -> { }), Task.of("c", ctx -> { })).fingerprint());
        assertThrows(NullPointerException.class, () -> Task.of("a", null));
    }
}
