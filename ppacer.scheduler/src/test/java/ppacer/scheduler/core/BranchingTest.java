package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TriggerRule;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * Branching and short-circuits on the real core and SQLite, including the join-after-branch shapes
 * of Airflow #7885, #11768 and #46297: each with its expected final states.
 */
class BranchingTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final TaskConfig JOIN = TaskConfig.builder().triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS).build();
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Node node(String id) {
        return Node.of(tasks.ok(id));
    }

    private long trigger(CoreFixture f, String dagId) {
        return f.watcher.trigger(f.registry.find(dagId).orElseThrow(), "{}", T0);
    }

    /** branch -> a1 -> a2 -> join ; branch -> b1 -> join ; branch -> join (the direct edge of #7885). */
    private Dag twoPaths() {
        Node branch = node("branch");
        Node a1 = node("a1");
        Node a2 = node("a2");
        Node b1 = node("b1");
        Node join = Node.of(tasks.ok("join"), JOIN);
        branch.then(a1).then(a2).then(join);
        branch.then(b1).then(join);
        branch.then(join);
        return Dag.builder("two_paths").root(branch).build();
    }

    @Test
    void a_join_after_a_branch_runs_whichever_path_of_a_different_length_was_chosen() {
        try (CoreFixture f = new CoreFixture(dir, T0, twoPaths())) {
            long shortPath = trigger(f, "two_paths");
            new RunPlayer(f).on("branch", TaskOutcome.branched(List.of("b1"))).play();
            assertEquals(Map.of("branch", SUCCESS, "a1", SKIPPED, "a2", SKIPPED, "b1", SUCCESS, "join", SUCCESS),
                    RunPlayer.statuses(f, shortPath));
            assertEquals(Optional.of("branch not chosen: 'branch' chose [b1]"), RunPlayer.latest(f, shortPath, "a1").reason());
            assertEquals(Optional.of("upstream skipped: 'a1' is SKIPPED"), RunPlayer.latest(f, shortPath, "a2").reason());
            assertEquals(Optional.of(List.of("b1")), RunPlayer.latest(f, shortPath, "branch").branch());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, shortPath));

            long longPath = f.watcher.trigger(f.registry.find("two_paths").orElseThrow(), "{}", T0.plusSeconds(1));
            new RunPlayer(f).on("branch", TaskOutcome.branched(List.of("a1"))).play();
            assertEquals(Map.of("branch", SUCCESS, "a1", SUCCESS, "a2", SUCCESS, "b1", SKIPPED, "join", SUCCESS),
                    RunPlayer.statuses(f, longPath), "the join waits for the longer path, and is not skipped by the"
                            + " branch's direct edge to it (#7885)");
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, longPath));
        }
    }

    @Test
    void nested_branches_skip_what_was_not_chosen_at_each_level() {
        Node outer = node("outer");
        Node inner = node("inner");
        Node x = node("x");
        Node y = node("y");
        Node innerJoin = Node.of(tasks.ok("inner_join"), JOIN);
        Node z = node("z");
        Node outerJoin = Node.of(tasks.ok("outer_join"), JOIN);
        outer.then(inner).then(x, y).then(innerJoin).then(outerJoin);
        outer.then(z).then(outerJoin);
        Dag dag = Dag.builder("nested").root(outer).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long viaInner = trigger(f, "nested");
            new RunPlayer(f).on("outer", TaskOutcome.branched(List.of("inner")))
                    .on("inner", TaskOutcome.branched(List.of("y"))).play();
            assertEquals(Map.of("outer", SUCCESS, "inner", SUCCESS, "x", SKIPPED, "y", SUCCESS, "inner_join", SUCCESS,
                    "z", SKIPPED, "outer_join", SUCCESS), RunPlayer.statuses(f, viaInner));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, viaInner));

            long viaZ = f.watcher.trigger(dag, "{}", T0.plusSeconds(1));
            new RunPlayer(f).on("outer", TaskOutcome.branched(List.of("z"))).play();
            assertEquals(Map.of("outer", SUCCESS, "inner", SKIPPED, "x", SKIPPED, "y", SKIPPED, "inner_join", SKIPPED,
                    "z", SUCCESS, "outer_join", SUCCESS), RunPlayer.statuses(f, viaZ));
            assertEquals(Optional.of("upstream skipped: 'x' is SKIPPED (rule NONE_FAILED_MIN_ONE_SUCCESS)"),
                    RunPlayer.latest(f, viaZ, "inner_join").reason());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, viaZ));
        }
    }

    @Test
    void a_branch_whose_chosen_child_fails_fails_the_join_and_the_run() {
        Node branch = node("branch");
        Node a = node("a");
        Node b = node("b");
        branch.then(a, b).then(Node.of(tasks.ok("join"), JOIN));
        Dag dag = Dag.builder("chosen_fails").root(branch).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long run = trigger(f, "chosen_fails");
            new RunPlayer(f).on("branch", TaskOutcome.branched(List.of("a"))).on("a", TaskOutcome.failed("boom")).play();
            assertEquals(Map.of("branch", SUCCESS, "a", FAILED, "b", SKIPPED, "join", UPSTREAM_FAILED),
                    RunPlayer.statuses(f, run));
            assertEquals(Optional.of("upstream failed: 'a' is FAILED (rule NONE_FAILED_MIN_ONE_SUCCESS)"),
                    RunPlayer.latest(f, run, "join").reason());
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_branch_choosing_no_child_skips_every_child_and_the_run_succeeds() {
        Node branch = node("branch");
        branch.then(node("a"), node("b"));
        Dag dag = Dag.builder("none_chosen").root(branch).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long run = trigger(f, "none_chosen");
            new RunPlayer(f).on("branch", TaskOutcome.branched(List.of())).play();
            assertEquals(Map.of("branch", SUCCESS, "a", SKIPPED, "b", SKIPPED), RunPlayer.statuses(f, run));
            assertEquals(Optional.of(List.of()), RunPlayer.latest(f, run, "branch").branch(), "chose none: present and empty");
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void choosing_a_task_that_is_not_a_direct_child_fails_the_attempt_naming_the_valid_children() {
        Node branch = node("branch");
        Node a = node("a");
        branch.then(a).then(node("grandchild"));
        branch.then(node("b"));
        Dag dag = Dag.builder("bad_choice").root(branch).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long run = trigger(f, "bad_choice");
            new RunPlayer(f).on("branch", TaskOutcome.branched(List.of("grandchild"))).play();
            assertEquals(Map.of("branch", FAILED, "a", UPSTREAM_FAILED, "b", UPSTREAM_FAILED, "grandchild", UPSTREAM_FAILED),
                    RunPlayer.statuses(f, run));
            assertEquals(Optional.of("Task 'branch' chose 'grandchild', which is not one of its direct children; valid: [a, b]"),
                    RunPlayer.latest(f, run, "branch").error());
        }
    }

    @Test
    void a_task_that_skips_itself_skips_the_tasks_below_it_per_their_rules() {
        Node check = node("check_files");
        Node load = node("load");
        Node always = Node.of(tasks.ok("report"), TaskConfig.builder().triggerRule(TriggerRule.ALL_DONE).build());
        check.then(load).then(always);
        Dag dag = Dag.builder("short_circuit").root(check).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long run = trigger(f, "short_circuit");
            RunPlayer p = new RunPlayer(f).on("check_files", TaskOutcome.skipped("no new files")).play();
            assertEquals(Map.of("check_files", SKIPPED, "load", SKIPPED, "report", SUCCESS), RunPlayer.statuses(f, run));
            assertEquals(Optional.of("short-circuit: no new files"), RunPlayer.latest(f, run, "check_files").reason());
            assertTrue(p.answer("check_files").message().contains("SKIPPED"), p.answer("check_files").message());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }
}
