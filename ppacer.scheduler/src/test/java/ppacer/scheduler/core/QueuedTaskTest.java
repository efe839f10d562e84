package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.testkit.Tasks;

/** The order of queue entries inside a DAG, and the turns sensors poked again take. */
class QueuedTaskTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sensors_poked_again_take_turns_by_their_pokes_before_their_topological_order() {
        Tasks tasks = new Tasks();
        Dag dag = Dag.builder("d").root(Node.of(tasks.ok("a"))).root(Node.of(tasks.ok("b"))).root(Node.of(tasks.ok("c")))
                .build();
        List<QueuedTask> entries = new ArrayList<>(List.of(
                QueuedTask.ofPoke("d", 1, dag.task("a").orElseThrow(), 0, T, T, 2, dag.size(), false),
                QueuedTask.ofPoke("d", 1, dag.task("c").orElseThrow(), 0, T, T, 1, dag.size(), false),
                QueuedTask.ofPoke("d", 1, dag.task("a").orElseThrow(), 0, T, T, 1, dag.size(), false),
                QueuedTask.of("d", 1, dag.task("b").orElseThrow(), 0, T, T)));
        entries.sort(QueuedTask.ORDER);
        assertEquals(List.of("b", "a", "c", "a"), entries.stream().map(QueuedTask::taskId).toList(),
                "never poked first, then the first pokes in topological order, then the second ones");
        assertEquals(Integer.MAX_VALUE, QueuedTask.ofPoke("d", 1, dag.task("c").orElseThrow(), 0, T, T, Integer.MAX_VALUE,
                dag.size(), false).order(), "saturates instead of overflowing");
    }
}
