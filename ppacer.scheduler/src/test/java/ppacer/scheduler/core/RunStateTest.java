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

    @Test
    void fan_in_becomes_ready_only_when_every_parent_succeeded() {
        RunState rs = new RunState(diamond(), 1, Instant.EPOCH, "{}");
        assertEquals(List.of("a"), ids(rs.ready()));
        rs.set(rs.index("a"), 0, TaskStatus.RUNNING);
        assertEquals(List.of("b", "c", "e"), ids(rs.succeed(rs.index("a"))));
        assertEquals(List.of(), ids(rs.succeed(rs.index("b"))), "d still waits for c");
        assertEquals(List.of("d"), ids(rs.succeed(rs.index("c"))));
    }

    @Test
    void a_failure_blocks_only_the_pending_tasks_below_it() {
        RunState rs = new RunState(diamond(), 1, Instant.EPOCH, "{}");
        rs.succeed(rs.index("a"));
        rs.set(rs.index("c"), 0, TaskStatus.SCHEDULED);
        rs.set(rs.index("b"), 0, TaskStatus.FAILED);
        assertEquals(List.of("d"), ids(rs.blockedBelow(rs.index("b"))));
        assertTrue(rs.anyFailed());
    }

    @Test
    void a_run_is_complete_when_every_task_is_terminal() {
        RunState rs = new RunState(diamond(), 1, Instant.EPOCH, "{}");
        for (String id : List.of("a", "b", "c", "e")) {
            rs.succeed(rs.index(id));
        }
        assertFalse(rs.complete());
        rs.set(rs.index("d"), 0, TaskStatus.UPSTREAM_FAILED);
        assertTrue(rs.complete());
        assertTrue(rs.anyFailed());
        rs.set(rs.index("d"), null);
        rs.recount();
        assertEquals(List.of("d"), ids(rs.ready()));
        assertFalse(rs.anyFailed());
    }
}
