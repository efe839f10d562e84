package ppacer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static ppacer.api.TestTask.node;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import ppacer.api.schedule.Schedule;

class DagValidationTest {

    @Test
    void a_cycle_is_spelled_out_in_the_message() {
        Node load = node("load");
        Node clean = node("clean");
        Node extract = node("extract");
        extract.then(load).then(clean).then(load);
        var e = assertThrows(DagDefinitionException.class, () -> Dag.builder("etl").root(extract).build());
        assertEquals("Cycle in DAG 'etl': load -> clean -> load", e.getMessage());
    }

    @Test
    void a_self_loop_is_a_cycle() {
        Node a = node("a");
        a.then(a);
        var e = assertThrows(DagDefinitionException.class, () -> Dag.builder("d").root(a).build());
        assertEquals("Cycle in DAG 'd': a -> a", e.getMessage());
    }

    @Test
    void a_longer_cycle_below_the_root_is_found() {
        Node r = node("r");
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        r.then(a).then(b).then(c).then(a);
        var e = assertThrows(DagDefinitionException.class, () -> Dag.builder("d").root(r).build());
        assertEquals("Cycle in DAG 'd': a -> b -> c -> a", e.getMessage());
    }

    @Test
    void duplicate_task_ids_name_the_id_and_the_dag() {
        Node a = node("start");
        a.then(node("x"), node("x"));
        var e = assertThrows(DagDefinitionException.class, () -> Dag.builder("dup").root(a).build());
        assertEquals("Duplicate task id 'x' in DAG 'dup': tasks ppacer.api.TestTask and ppacer.api.TestTask"
                + " are different nodes with the same id", e.getMessage());
    }

    @Test
    void the_same_node_reached_twice_is_not_a_duplicate() {
        Node a = node("a");
        Node d = node("d");
        a.then(node("b"), node("c")).then(d);
        assertEquals(4, Dag.builder("diamond").root(a).build().size());
    }

    @Test
    void an_empty_dag_is_refused() {
        var e = assertThrows(DagDefinitionException.class, () -> Dag.builder("empty").build());
        assertEquals("DAG 'empty' is empty: add at least one task with root(...)", e.getMessage());
    }

    @Test
    void ids_outside_the_character_set_are_refused() {
        var e = assertThrows(DagDefinitionException.class, () -> Dag.builder("my dag").root(node("a")).build());
        assertEquals("Invalid DAG id 'my dag': expected 1-128 characters from [A-Za-z0-9_.-], not starting with"
                + " '.' or '-'", e.getMessage());
        var t = assertThrows(DagDefinitionException.class, () -> Dag.builder("ok").root(node("-bad")).build());
        assertEquals("Invalid task id '-bad' in DAG 'ok': expected 1-128 characters from [A-Za-z0-9_.-], not"
                + " starting with '.' or '-'", t.getMessage());
        assertThrows(DagDefinitionException.class, () -> Dag.builder("x".repeat(129)).root(node("a")).build());
        assertEquals(128, Dag.builder("x".repeat(128)).root(node("a")).build().id().length());
    }

    @Test
    void a_schedule_without_a_start_is_refused() {
        var noStart = new ppacer.api.schedule.CustomSchedule() {
            @Override
            public java.util.Optional<Instant> start() {
                return java.util.Optional.empty();
            }

            @Override
            public Instant next(Instant after) {
                return after.plusSeconds(60);
            }

            @Override
            public String describe() {
                return "every minute, somehow";
            }
        };
        var e = assertThrows(DagDefinitionException.class,
                () -> Dag.builder("nostart").schedule(noStart).root(node("a")).build());
        assertEquals("DAG 'nostart': schedule 'every minute, somehow' has no start; set one, e.g."
                + " Schedule.cron(\"0 * * * *\").startingAt(instant)", e.getMessage());
    }

    @Test
    void bad_limits_and_tags_are_refused_with_the_value() {
        var runs = assertThrows(DagDefinitionException.class,
                () -> Dag.builder("d").maxActiveRuns(0).root(node("a")).build());
        assertEquals("DAG 'd': maxActiveRuns must be at least 1, was 0", runs.getMessage());
        var tag = assertThrows(DagDefinitionException.class,
                () -> Dag.builder("d").tags("ok", "bad,tag").root(node("a")).build());
        assertEquals("DAG 'd': invalid tag 'bad,tag': expected 1-64 characters from [A-Za-z0-9_.:/ -]",
                tag.getMessage());
    }

    @Test
    void task_config_refuses_bad_values() {
        var t = assertThrows(DagDefinitionException.class, () -> TaskConfig.builder().timeout(Duration.ZERO).build());
        assertEquals("Task timeout must be positive, was PT0S", t.getMessage());
        var r = assertThrows(DagDefinitionException.class, () -> TaskConfig.builder().retries(-1).build());
        assertEquals("Task retries must be 0 or more, was -1", r.getMessage());
        var j = assertThrows(DagDefinitionException.class,
                () -> RetryDelay.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), 1.5));
        assertEquals("Backoff jitter must be between 0 and 1, was 1.5", j.getMessage());
    }

    @Test
    void duplicate_dag_ids_in_a_registry_are_refused() {
        Dag a = Dag.builder("same").root(node("a")).build();
        Dag b = Dag.builder("same").root(node("b")).build();
        var e = assertThrows(DagDefinitionException.class, () -> DagRegistry.of(a, b));
        assertEquals("Duplicate DAG id 'same' in the registry", e.getMessage());
    }

    @Test
    void a_fixed_schedule_with_a_start_is_accepted() {
        Dag d = Dag.builder("ok").schedule(Schedule.every(Duration.ofSeconds(10), Instant.EPOCH)).root(node("a"))
                .build();
        assertEquals("every 10s", d.schedule().orElseThrow().describe());
    }

    @Test
    void overlap_policies_other_than_allow_run_one_run_at_a_time() {
        var b = Dag.builder("d").schedule(Schedule.every(Duration.ofHours(1), Instant.EPOCH)).root(node("t"));
        assertEquals(OverlapPolicy.ALLOW, b.build().overlap());
        assertEquals(Dag.DEFAULT_MAX_ACTIVE_RUNS, b.build().maxActiveRuns());
        assertEquals(1, b.overlap(OverlapPolicy.BUFFER_ONE).build().maxActiveRuns(), "unset: 1");
        assertEquals(Dag.DEFAULT_MAX_ACTIVE_RUNS, b.overlap(OverlapPolicy.ALLOW).build().maxActiveRuns(),
                "a build leaves the builder as it was");
        var e = assertThrows(DagDefinitionException.class, () -> b.overlap(OverlapPolicy.SKIP).maxActiveRuns(4).build());
        assertEquals("DAG 'd': overlap policy SKIP runs one run at a time; maxActiveRuns must be 1 (or unset), was 4",
                e.getMessage());
        assertEquals(1, b.maxActiveRuns(1).build().maxActiveRuns());
    }

    @Test
    void a_catch_up_window_is_positive_and_needs_catch_up() {
        var b = Dag.builder("d").schedule(Schedule.every(Duration.ofHours(1), Instant.EPOCH)).root(node("t"));
        assertEquals(java.util.Optional.empty(), b.build().catchUpWindow());
        var off = assertThrows(DagDefinitionException.class, () -> b.catchUpWindow(Duration.ofHours(1)).build());
        assertEquals("DAG 'd': catchUpWindow PT1H needs catchUp(true); without catch-up only the latest missed point runs",
                off.getMessage());
        var zero = assertThrows(DagDefinitionException.class, () -> b.catchUp(true).catchUpWindow(Duration.ZERO).build());
        assertEquals("DAG 'd': catchUpWindow must be positive, was PT0S", zero.getMessage());
        var negative = assertThrows(DagDefinitionException.class, () -> b.catchUpWindow(Duration.ofMinutes(-5)).build());
        assertEquals("DAG 'd': catchUpWindow must be positive, was PT-5M", negative.getMessage());
        assertEquals(java.util.Optional.of(Duration.ofDays(1)), b.catchUpWindow(Duration.ofDays(1)).build().catchUpWindow());
    }
}
