package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static ppacer.api.TaskStatus.FAILED;
import static ppacer.api.TaskStatus.SKIPPED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.api.TaskStatus.UPSTREAM_FAILED;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagDefinitionException;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.TriggerRule;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/** Teardown tasks, and operator actions (clear, mark, restart) deciding the rules again. */
class TeardownAndOperatorTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final TaskConfig JOIN = TaskConfig.builder().triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS).build();
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Node node(String id) {
        return Node.of(tasks.ok(id));
    }

    /** create_cluster -> (work_a, work_b) -> release_cluster (teardown of create_cluster). */
    private Dag cluster(boolean teardownFailsRun) {
        Node create = node("create_cluster");
        Node release = node("release_cluster").teardownOf(create, teardownFailsRun);
        create.then(node("work_a"), node("work_b")).then(release);
        return Dag.builder("cluster").root(create).build();
    }

    private static long trigger(CoreFixture f, int second) {
        return f.watcher.trigger(f.registry.find("cluster").orElseThrow(), "{}", T0.plusSeconds(second));
    }

    @Test
    void a_teardown_runs_whatever_happened_between_it_and_its_setup_and_its_failure_does_not_fail_the_run() {
        try (CoreFixture f = new CoreFixture(dir, T0, cluster(false))) {
            long workFails = trigger(f, 0);
            new RunPlayer(f).on("work_a", TaskOutcome.failed("boom")).play();
            assertEquals(Map.of("create_cluster", SUCCESS, "work_a", FAILED, "work_b", SUCCESS, "release_cluster", SUCCESS),
                    RunPlayer.statuses(f, workFails));
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, workFails), "the work failed");

            long teardownFails = trigger(f, 1);
            new RunPlayer(f).on("release_cluster", TaskOutcome.failed("cannot release")).play();
            assertEquals(Map.of("create_cluster", SUCCESS, "work_a", SUCCESS, "work_b", SUCCESS, "release_cluster", FAILED),
                    RunPlayer.statuses(f, teardownFails));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, teardownFails), "a failed teardown does not fail the run");

            long setupSkipped = trigger(f, 2);
            new RunPlayer(f).on("create_cluster", TaskOutcome.skipped("no data")).play();
            assertEquals(Map.of("create_cluster", SKIPPED, "work_a", SKIPPED, "work_b", SKIPPED, "release_cluster", SKIPPED),
                    RunPlayer.statuses(f, setupSkipped));
            assertEquals(Optional.of("setup skipped: 'create_cluster' is SKIPPED, nothing to tear down"),
                    RunPlayer.latest(f, setupSkipped, "release_cluster").reason());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, setupSkipped));
        }
    }

    @Test
    void a_teardown_configured_to_fail_the_run_does() {
        try (CoreFixture f = new CoreFixture(dir, T0, cluster(true))) {
            long run = trigger(f, 0);
            new RunPlayer(f).on("release_cluster", TaskOutcome.failed("cannot release")).play();
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_teardown_cannot_have_a_trigger_rule_of_its_own_nor_a_setup_outside_the_dag() {
        Node create = node("create");
        Node release = Node.of(tasks.ok("release"), TaskConfig.builder().triggerRule(TriggerRule.ALL_DONE).build())
                .teardownOf(create);
        DagDefinitionException e = assertThrows(DagDefinitionException.class,
                () -> Dag.builder("d").root(create).build());
        assertEquals("DAG 'd': task 'release' is a teardown, whose rule is fixed (all parents done, setup succeeded);"
                + " it cannot also have trigger rule ALL_DONE", e.getMessage());
        Node orphanSetup = node("elsewhere");
        Node root = node("root");
        root.then(node("t").teardownOf(orphanSetup));
        // the edge elsewhere -> t exists, but elsewhere is not reachable from the roots
        assertThrows(DagDefinitionException.class, () -> Dag.builder("d2").root(root).build());
        assertEquals(List.of("release"), create.children().stream().map(n -> n.task().id()).toList(),
                "teardownOf adds the edge from the setup");
        assertEquals(release, create.children().getFirst());
    }

    @Test
    void clearing_a_task_between_a_setup_and_its_teardown_runs_both_again() {
        try (CoreFixture f = new CoreFixture(dir, T0, cluster(false))) {
            long run = trigger(f, 0);
            new RunPlayer(f).on("work_a", TaskOutcome.failed("boom")).play();
            int creates = f.store.attempts().attempts(run, "create_cluster").size();
            int releases = f.store.attempts().attempts(run, "release_cluster").size();
            f.actions.clear(run, "work_a", false);
            new RunPlayer(f).play();
            assertEquals(creates + 1, f.store.attempts().attempts(run, "create_cluster").size(), "setup ran again");
            assertEquals(releases + 1, f.store.attempts().attempts(run, "release_cluster").size(), "teardown ran again");
            assertEquals(Map.of("create_cluster", SUCCESS, "work_a", SUCCESS, "work_b", SUCCESS, "release_cluster", SUCCESS),
                    RunPlayer.statuses(f, run));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void restarting_a_failed_run_reruns_the_failed_task_with_its_setup_and_teardown() {
        try (CoreFixture f = new CoreFixture(dir, T0, cluster(false))) {
            long run = trigger(f, 0);
            new RunPlayer(f).on("work_b", TaskOutcome.failed("boom")).play();
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, run));
            f.actions.restart(run);
            new RunPlayer(f).play();
            assertEquals(2, f.store.attempts().attempts(run, "release_cluster").size(), "teardown ran again");
            assertEquals(1, f.store.attempts().attempts(run, "work_a").size(), "a succeeded task is kept");
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void clearing_a_branch_task_decides_its_children_again() {
        Node branch = node("branch");
        branch.then(node("a"), node("b")).then(Node.of(tasks.ok("join"), JOIN));
        Dag dag = Dag.builder("br").root(branch).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long run = f.watcher.trigger(dag, "{}", T0);
            new RunPlayer(f).on("branch", TaskOutcome.branched(List.of("a"))).play();
            assertEquals(Map.of("branch", SUCCESS, "a", SUCCESS, "b", SKIPPED, "join", SUCCESS), RunPlayer.statuses(f, run));
            f.actions.clear(run, "branch", false);
            new RunPlayer(f).on("branch", TaskOutcome.branched(List.of("b"))).play();
            assertEquals(Map.of("branch", SUCCESS, "a", SUCCESS, "b", SUCCESS, "join", SUCCESS), RunPlayer.statuses(f, run),
                    "b, skipped by the first decision, runs after the second; a keeps its success (not cleared)");
            assertEquals(Optional.of(List.of("b")), RunPlayer.latest(f, run, "branch").branch());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void marking_a_task_decides_the_rules_below_it_again() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        a.then(b).then(c);
        Dag dag = Dag.builder("chain").root(a).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long run = f.watcher.trigger(dag, "{}", T0);
            new RunPlayer(f).on("a", TaskOutcome.failed("boom")).play();
            assertEquals(Map.of("a", FAILED, "b", UPSTREAM_FAILED, "c", UPSTREAM_FAILED), RunPlayer.statuses(f, run));
            f.actions.mark(run, "a", TaskStatus.SKIPPED);
            assertEquals(Map.of("a", SKIPPED, "b", SKIPPED, "c", SKIPPED), RunPlayer.statuses(f, run));
            assertEquals(Optional.of("marked SKIPPED by an operator"), RunPlayer.latest(f, run, "a").reason());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
            f.actions.mark(run, "a", TaskStatus.SUCCESS);
            new RunPlayer(f).play();
            assertEquals(Map.of("a", SUCCESS, "b", SUCCESS, "c", SUCCESS), RunPlayer.statuses(f, run));
            int rowsOfC = f.store.attempts().attempts(run, "c").size();
            f.actions.mark(run, "b", TaskStatus.FAILED);
            assertEquals(Map.of("a", SUCCESS, "b", FAILED, "c", SUCCESS), RunPlayer.statuses(f, run),
                    "c ran: a task that ran is not decided again by a mark above it");
            assertEquals(rowsOfC, f.store.attempts().attempts(run, "c").size());
        }
    }
}
