package ppacer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TestTask.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopologyTest {

    /** The Go original's hello_world: start → t21, start → t22 → finish. */
    static Dag helloWorld() {
        Node start = node("start");
        start.then(node("t21"));
        start.then(node("t22")).then(node("finish"));
        return Dag.builder("hello_world").root(start).build();
    }

    private static Map<String, String> positions(Dag dag) {
        return dag.tasks().stream().collect(Collectors.toMap(DagTask::id, t -> t.depth() + ":" + t.width()));
    }

    @Test
    void hello_world_has_parents_children_depth_and_width() {
        Dag dag = helloWorld();
        assertEquals(List.of("start", "t21", "t22", "finish"), dag.tasks().stream().map(DagTask::id).toList());
        assertEquals(List.of("start"), dag.roots().stream().map(DagTask::id).toList());
        assertEquals(List.of("t21", "t22"), dag.task("start").orElseThrow().children());
        assertEquals(List.of("t22"), dag.task("finish").orElseThrow().parents());
        assertEquals(Map.of("start", "1:1", "t21", "2:1", "t22", "2:2", "finish", "3:1"), positions(dag));
    }

    @Test
    void a_node_sits_at_its_deepest_level() {
        // a → b → c → d, and a shortcut a → d: d is at depth 4, not 2.
        Node a = node("a");
        Node d = node("d");
        a.then(node("b")).then(node("c")).then(d);
        a.then(d);
        Dag dag = Dag.builder("ladder").root(a).build();
        assertEquals(4, dag.task("d").orElseThrow().depth());
        assertEquals(List.of("a", "c"), dag.task("d").orElseThrow().parents());
        assertEquals(List.of("a", "b", "c", "d"), dag.tasks().stream().map(DagTask::id).toList());
    }

    @Test
    void the_order_keeps_each_level_together_so_tasks_become_ready_in_about_that_order() {
        // two roots with chains of different lengths: depth first would give a1 a2 a3 b1 b2 b3
        Node a1 = node("a1");
        Node b1 = node("b1");
        a1.then(node("a2")).then(node("a3"));
        b1.then(node("b2")).then(node("b3"));
        Dag dag = Dag.builder("levels").root(a1, b1).build();
        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), dag.tasks().stream().map(DagTask::id).toList());
        for (DagTask t : dag.tasks()) {
            for (String p : t.parents()) {
                assertTrue(dag.task(p).orElseThrow().order() < t.order(), p + " before " + t.id());
            }
        }
    }

    @Test
    void fan_out_then_fan_in_reads_like_airflow() {
        Node extract = node("extract");
        Node load = extract.then(node("clean_a"), node("clean_b"), node("clean_c")).then(node("load"));
        Dag dag = Dag.builder("etl").root(extract).build();
        assertEquals(List.of("clean_a", "clean_b", "clean_c"), dag.task("load").orElseThrow().parents());
        assertEquals("load", load.task().id());
        assertEquals(Map.of("extract", "1:1", "clean_a", "2:1", "clean_b", "2:2", "clean_c", "2:3", "load", "3:1"),
                positions(dag));
    }

    @Test
    void several_roots_are_allowed() {
        Node a = node("a");
        Node b = node("b");
        Node join = node("join");
        a.then(join);
        b.then(join);
        Dag dag = Dag.builder("two_roots").root(a, b).build();
        assertEquals(List.of("a", "b"), dag.roots().stream().map(DagTask::id).toList());
        assertEquals(List.of("join"), dag.descendants("a").stream().map(DagTask::id).toList());
        assertEquals(Map.of("a", "1:1", "b", "1:2", "join", "2:1"), positions(dag));
    }

    @Test
    void topological_order_puts_every_parent_before_its_children() {
        // a wide, layered DAG: 5 layers of 20, each node depending on two nodes of the previous layer
        Node[][] layers = new Node[5][20];
        for (int l = 0; l < 5; l++) {
            for (int i = 0; i < 20; i++) {
                layers[l][i] = node("n" + l + "_" + i);
                if (l > 0) {
                    layers[l - 1][i].then(layers[l][i]);
                    layers[l - 1][(i + 7) % 20].then(layers[l][i]);
                }
            }
        }
        Dag dag = Dag.builder("layered").root(layers[0][0], layers[0]).build();
        assertEquals(100, dag.size());
        Map<String, Integer> order = dag.tasks().stream().collect(Collectors.toMap(DagTask::id, DagTask::order));
        for (DagTask t : dag.tasks()) {
            for (String p : t.parents()) {
                assertTrue(order.get(p) < order.get(t.id()), p + " before " + t.id());
            }
            assertEquals(t.id().charAt(1) - '0' + 1, t.depth(), t.id());
        }
        assertEquals(java.util.Set.of("n4_0", "n4_13"),
                dag.descendants("n3_0").stream().map(DagTask::id).collect(Collectors.toSet()));
    }

    @Test
    void a_chain_of_ten_thousand_builds_without_recursion_limits() {
        Node root = node("t0");
        Node last = root;
        for (int i = 1; i < 10_000; i++) {
            last = last.then(node("t" + i));
        }
        Dag dag = Dag.builder("long_chain").root(root).build();
        assertEquals(10_000, dag.task("t9999").orElseThrow().depth());
    }

    @Test
    void a_fan_out_of_a_hundred_thousand_builds() {
        Node root = node("root");
        Node[] leaves = new Node[100_000];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = node("leaf" + i);
        }
        root.then(leaves[0], leaves[1], java.util.Arrays.copyOfRange(leaves, 2, leaves.length));
        Dag dag = Dag.builder("wide").root(root).build();
        assertEquals(100_001, dag.size());
        assertEquals(100_000, dag.descendants("root").size());
    }

    @Test
    void fingerprint_is_stable_and_tracks_structure_classes_and_configs() {
        String base = helloWorld().fingerprint();
        assertEquals(base, helloWorld().fingerprint());
        assertTrue(base.matches("[0-9a-f]{64}"), base);

        Node start = node("start");
        start.then(node("t21"));
        start.then(node("t22"));
        Dag lessEdges = Dag.builder("hello_world").root(start).build();
        assertNotEquals(base, lessEdges.fingerprint());

        Node s2 = Node.of(new OtherTask("start"));
        s2.then(node("t21"));
        s2.then(node("t22")).then(node("finish"));
        assertNotEquals(base, Dag.builder("hello_world").root(s2).build().fingerprint());

        Node s3 = Node.of(new TestTask("start"), TaskConfig.builder().retries(3).build());
        s3.then(node("t21"));
        s3.then(node("t22")).then(node("finish"));
        assertNotEquals(base, Dag.builder("hello_world").root(s3).build().fingerprint());

        Node s4 = node("start");
        s4.then(node("t21"));
        s4.then(node("t22")).then(node("finish"));
        Dag sameWithDefaults = Dag.builder("hello_world")
                .defaultTaskConfig(TaskConfig.builder().timeout(Duration.ofMillis(1500)).build()).root(s4).build();
        assertNotEquals(base, sameWithDefaults.fingerprint());
        assertEquals(Duration.ofMillis(1500), sameWithDefaults.task("t21").orElseThrow().config().timeout());
    }

    /** A task with a setting, telling the fingerprint about it. */
    private record Greeting(String id, String greeting) implements Task {
        @Override
        public void execute(TaskContext context) {
        }

        @Override
        public String definition() {
            return "greeting=" + greeting;
        }
    }

    @Test
    void fingerprint_tracks_the_task_definitions() {
        String hello = Dag.builder("greet").root(Node.of(new Greeting("say", "hello"))).build().fingerprint();
        assertEquals(hello, Dag.builder("greet").root(Node.of(new Greeting("say", "hello"))).build().fingerprint());
        assertNotEquals(hello, Dag.builder("greet").root(Node.of(new Greeting("say", "bye"))).build().fingerprint());
        assertEquals(TestTask.class.getName(), new TestTask("a").definition(), "the default is the class name");
    }

    @Test
    void a_dag_definition_does_not_change_when_nodes_are_modified_after_build() {
        Node a = node("a");
        Dag dag = Dag.builder("snap").root(a).build();
        a.then(node("b"));
        assertEquals(1, dag.size());
    }
}
