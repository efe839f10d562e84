package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.Node;
import ppacer.api.TaskStatus;
import ppacer.testkit.Tasks;

class RunStateTest {
    private final Tasks tasks = new Tasks();

    /** a -> (b, c) -> d ; a -> e. */
    private Dag diamond() {
        Node a = Node.of(tasks.ok("a"));
        Node b = Node.of(tasks.ok("b"));
        Node c = Node.of(tasks.ok("c"));
        Node d = Node.of(tasks.ok("d"));
        Node e = Node.of(tasks.ok("e"));
        a.then(b, c).then(d);
        a.then(e);
        return Dag.builder("diamond").root(a).build();
    }

    private static List<String> ids(List<DagTask> l) {
        return l.stream().map(DagTask::id).sorted().toList();
    }

    /** Succeeds task {@code id} (no branch) and answers the tasks its rules now run. */
    private static List<String> succeed(RunState rs, String id) {
        rs.succeed(rs.index(id), null);
        RuleDecisions d = new RuleDecisions();
        rs.decideBelow(rs.index(id), d);
        for (DagTask t : d.run) {
            rs.set(t.order(), 0, TaskStatus.SCHEDULED);
        }
        return ids(d.run);
    }

    private static List<String> ready(RunState rs) {
        RuleDecisions d = new RuleDecisions();
        rs.decideAll(d);
        rs.undo(d);
        return ids(d.run);
    }

    @Test
    void fan_in_becomes_ready_only_when_every_parent_succeeded() {
        RunState rs = new RunState(diamond(), 1, Instant.EPOCH, "{}");
        assertEquals(List.of("a"), ready(rs));
        rs.set(rs.index("a"), 0, TaskStatus.RUNNING);
        assertEquals(List.of("b", "c", "e"), succeed(rs, "a"));
        assertEquals(List.of(), succeed(rs, "b"), "d still waits for c");
        assertEquals(List.of("d"), succeed(rs, "c"));
    }

    @Test
    void a_failure_decides_the_pending_tasks_below_it_and_nothing_else() {
        RunState rs = new RunState(diamond(), 1, Instant.EPOCH, "{}");
        succeed(rs, "a");
        rs.set(rs.index("c"), 0, TaskStatus.SCHEDULED);
        rs.set(rs.index("b"), 0, TaskStatus.FAILED);
        RuleDecisions d = new RuleDecisions();
        rs.decideBelow(rs.index("b"), d);
        assertEquals(List.of(rs.index("d")), d.notRun);
        assertEquals(TaskStatus.UPSTREAM_FAILED, rs.status(rs.index("d")));
        assertEquals("upstream failed: 'b' is FAILED", d.reasons.getFirst());
        assertTrue(rs.derived(rs.index("d")));
        assertTrue(rs.anyFailed());
        rs.undo(d);
        assertEquals(null, rs.status(rs.index("d")), "undone when the write fails");
    }

    @Test
    void a_run_is_complete_when_every_task_is_terminal() {
        RunState rs = new RunState(diamond(), 1, Instant.EPOCH, "{}");
        for (String id : List.of("a", "b", "c", "e")) {
            succeed(rs, id);
        }
        assertFalse(rs.complete());
        rs.set(rs.index("d"), 0, TaskStatus.UPSTREAM_FAILED);
        assertTrue(rs.complete());
        assertTrue(rs.anyFailed());
        rs.set(rs.index("d"), null);
        assertEquals(List.of("d"), ready(rs));
        assertFalse(rs.anyFailed());
        rs.set(rs.index("d"), 0, TaskStatus.SKIPPED);
        assertTrue(rs.complete());
        assertFalse(rs.anyFailed(), "SKIPPED is not a failure");
    }

    @Test
    void a_branch_counts_as_a_skipped_parent_of_the_children_it_did_not_choose_only() {
        RunState rs = new RunState(diamond(), 1, Instant.EPOCH, "{}");
        rs.succeed(rs.index("a"), rs.chosen(rs.index("a"), List.of("c")));
        RuleDecisions d = new RuleDecisions();
        rs.decideBelow(rs.index("a"), d);
        assertEquals(List.of("c"), ids(d.run));
        assertEquals(TaskStatus.SKIPPED, rs.status(rs.index("b")));
        assertEquals(TaskStatus.SKIPPED, rs.status(rs.index("e")));
        assertEquals(null, rs.status(rs.index("d")), "d (ALL_SUCCESS) waits for c: a failure of c would make it UPSTREAM_FAILED");
        assertEquals(List.of("c"), rs.chosenIds(rs.index("a")));
        assertEquals("branch not chosen: 'a' chose [c]", d.reasons.get(d.notRun.indexOf(rs.index("b"))));
        rs.set(rs.index("c"), 0, TaskStatus.SUCCESS);
        RuleDecisions after = new RuleDecisions();
        rs.decideBelow(rs.index("c"), after);
        assertEquals(TaskStatus.SKIPPED, rs.status(rs.index("d")));
        assertEquals(List.of("upstream skipped: 'b' is SKIPPED"), after.reasons);
    }
}
