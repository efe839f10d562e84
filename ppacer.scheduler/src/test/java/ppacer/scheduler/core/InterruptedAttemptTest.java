package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * Issue 14, defect 5 (a), in the core: at startup, RUNNING attempts of an in-process executor that
 * is certainly dead run again at once without using a retry; the attempts of remote executors and
 * of other live nodes' in-process executors keep their leases.
 */
class InterruptedAttemptTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final InProcessHolder BEFORE = new InProcessHolder("node-a", "000000000001");
    private static final InProcessHolder AFTER = new InProcessHolder("node-a", "000000000002");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Dag dag(int retries) {
        return Dag.builder("d").root(Node.of(tasks.ok("t"), TaskConfig.builder().retries(retries).build())).build();
    }

    private static CoreFixture restartedAs(Path dir, Instant now, Dag dag, InProcessHolder holder, boolean exclusive) {
        CoreFixture f = new CoreFixture(dir, now, dag);
        new Recovery(f.runs, f.registry, f.admission, GRACE, id -> holder.deadPredecessor(id, exclusive)).recover();
        return f;
    }

    private static List<TaskStatus> statuses(CoreFixture f, long runId) {
        return f.store.attempts().attempts(runId, "t").stream().map(TaskAttemptRecord::status).toList();
    }

    @Test
    void the_holder_names_only_dead_in_process_executors() {
        String mine = AFTER.executorId("in-process");
        assertEquals("in-process@node-a#000000000002", mine);
        assertFalse(AFTER.deadPredecessor(mine, true), "this process's own worker is alive");
        assertTrue(AFTER.deadPredecessor(BEFORE.executorId("in-process"), false), "this node's previous process");
        String otherNode = new InProcessHolder("node-b", "000000000003").executorId("in-process");
        assertFalse(AFTER.deadPredecessor(otherNode, false), "another node may be alive (HA)");
        assertTrue(AFTER.deadPredecessor(otherNode, true), "on a store with one scheduler at a time it is gone");
        assertFalse(AFTER.deadPredecessor("exec-1", true), "a remote executor is judged by its lease");
        assertFalse(AFTER.deadPredecessor("in-process", true), "a plain id is judged by its lease");
        String longNode = "n".repeat(255);
        String stored = new InProcessHolder(longNode, "000000000001").executorId("w".repeat(100));
        assertTrue(stored.length() <= 255, "fits the executor id column: " + stored.length());
        assertTrue(new InProcessHolder(longNode, "000000000002").deadPredecessor(stored, false), stored);
        assertFalse(new InProcessHolder("n".repeat(254), "000000000002").deadPredecessor(stored, false), stored);
    }

    @Test
    void an_attempt_of_this_nodes_previous_process_runs_again_at_once_without_using_a_retry() {
        long run;
        try (CoreFixture first = new CoreFixture(dir, T0, dag(0))) {
            run = first.watcher.trigger(first.registry.find("d").orElseThrow(), "{}", T0);
            first.queue.poll().flatMap(e -> first.attempts.handOut(e, BEFORE.executorId("in-process"))).orElseThrow();
        }
        try (CoreFixture f = restartedAs(dir, T0.plusSeconds(1), dag(0), AFTER, false)) {
            assertEquals(List.of(TaskStatus.CANCELLED, TaskStatus.SCHEDULED), statuses(f, run));
            TaskAttemptRecord interrupted = f.store.attempts().attempts(run, "t").getFirst();
            assertTrue(interrupted.error().orElseThrow().startsWith(Recovery.INTERRUPTED), interrupted::toString);
            TaskLease again = f.queue.poll().flatMap(e -> f.attempts.handOut(e, AFTER.executorId("in-process"))).orElseThrow();
            assertEquals(1, again.attempt());
            assertTrue(f.attempts.report(again.key(), again.token(), TaskOutcome.success()).accepted());
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(run).orElseThrow().status(),
                    "no retries configured, yet the run completes: the interruption was not a failure of the task");
        }
    }

    @Test
    void remote_executors_and_other_live_nodes_keep_their_leases() {
        Dag two = Dag.builder("d").root(Node.of(tasks.ok("t"))).root(Node.of(tasks.ok("u"))).build();
        long run;
        try (CoreFixture first = new CoreFixture(dir, T0, two)) {
            run = first.watcher.trigger(first.registry.find("d").orElseThrow(), "{}", T0);
            first.queue.poll().flatMap(e -> first.attempts.handOut(e, "exec-1")).orElseThrow();
            first.queue.poll().flatMap(e -> first.attempts.handOut(e,
                    new InProcessHolder("node-b", "000000000003").executorId("in-process"))).orElseThrow();
        }
        try (CoreFixture f = restartedAs(dir, T0.plusSeconds(1), two, AFTER, false)) {
            for (TaskAttemptRecord r : f.store.attempts().latest(run)) {
                assertEquals(TaskStatus.RUNNING, r.status(), r::toString);
                assertEquals(0, r.key().attempt());
            }
            assertEquals(2, f.runs.attemptLeases().size(), "both judged by their leases");
        }
    }

    @Test
    void retries_used_before_an_interruption_still_count_after_later_restarts() {
        long run;
        try (CoreFixture first = new CoreFixture(dir, T0, dag(1))) {
            run = first.watcher.trigger(first.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = first.queue.poll().flatMap(e -> first.attempts.handOut(e, "exec-1")).orElseThrow();
            assertTrue(first.attempts.report(l.key(), l.token(), TaskOutcome.failed("boom")).accepted());
            first.clock.advance(Duration.ofMinutes(10)); // past any retry delay
            first.queue.poll().flatMap(e -> first.attempts.handOut(e, BEFORE.executorId("in-process"))).orElseThrow();
        }
        try (CoreFixture f = restartedAs(dir, T0.plus(Duration.ofMinutes(11)), dag(1), AFTER, false)) {
            assertEquals(List.of(TaskStatus.FAILED_PENDING_RETRY, TaskStatus.CANCELLED, TaskStatus.SCHEDULED), statuses(f, run));
        }
        try (CoreFixture f = restartedAs(dir, T0.plus(Duration.ofMinutes(12)), dag(1), AFTER, false)) {
            TaskLease l = f.queue.poll().flatMap(e -> f.attempts.handOut(e, "exec-1")).orElseThrow();
            assertEquals(2, l.attempt());
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.failed("boom again")).accepted());
            assertEquals(List.of(TaskStatus.FAILED_PENDING_RETRY, TaskStatus.CANCELLED, TaskStatus.FAILED), statuses(f, run),
                    "its one retry was used before the interruption");
            assertEquals(DagRunStatus.FAILED, f.store.dagRuns().find(run).orElseThrow().status());
        }
    }
}
