package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Await;
import ppacer.testkit.StallingStore;
import ppacer.testkit.Tasks;

/**
 * Issue 14, defect 3: an executor whose report request timed out while the store stalled sends the
 * report again. The copy must share the first one's outcome (never a final refusal while the first
 * is pending), be acknowledged once the first was recorded, and the finished task must not run again.
 * A report of another outcome for the same attempt is a conflict.
 */
class RepeatedReportTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Predicate<AttemptTransition> SUCCESS = t -> t.to() == TaskStatus.SUCCESS;
    private static final Predicate<AttemptTransition> HEARTBEAT = t -> t.from() == TaskStatus.RUNNING
            && t.to() == TaskStatus.RUNNING;
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private StallingStore stalling;

    @AfterEach
    void stop() throws InterruptedException {
        if (stalling != null) {
            stalling.release();
        }
        threads.shutdownNow();
        threads.awaitTermination(1, TimeUnit.MINUTES);
    }

    /** Two parallel roots: t is reported, u's heartbeat can hold the run lock in a stalled write. */
    private CoreFixture fixture() {
        TaskConfig oneSecond = TaskConfig.builder().timeout(Duration.ofSeconds(1)).build();
        Node t = Node.of(tasks.ok("t"), oneSecond);
        Node u = Node.of(tasks.ok("u"), oneSecond);
        Dag dag = Dag.builder("d").root(t).root(u).build();
        return new CoreFixture(dir, T0, s -> {
            stalling = new StallingStore(s);
            return stalling.store();
        }, dag);
    }

    private record Started(long runId, TaskLease t, TaskLease u) {
    }

    private static Started start(CoreFixture f) {
        long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
        TaskLease a = f.queue.poll().flatMap(e -> f.attempts.handOut(e, "exec-1")).orElseThrow();
        TaskLease b = f.queue.poll().flatMap(e -> f.attempts.handOut(e, "exec-1")).orElseThrow();
        return a.taskId().equals("t") ? new Started(run, a, b) : new Started(run, b, a);
    }

    private CompletableFuture<ReportResult> report(CoreFixture f, TaskLease l, TaskOutcome outcome) {
        return CompletableFuture.supplyAsync(() -> f.attempts.report(l.key(), l.token(), outcome), threads);
    }

    private static void awaitQueued(CoreFixture f, long runId, int n) {
        RunState rs = f.runs.run(runId);
        Await.until(Duration.ofMinutes(1), () -> f.runs.pendingCount(rs) >= n, () -> f.runs.pendingCount(rs) + " operations queued");
    }

    private static ReportResult get(CompletableFuture<ReportResult> r) {
        return r.orTimeout(2, TimeUnit.MINUTES).join();
    }

    /** t SUCCESS in its first attempt only, no attempt of t queued again; u still RUNNING. */
    private static void assertTaskSucceededOnce(CoreFixture f, Started s) {
        assertEquals(List.of(TaskStatus.SUCCESS),
                f.store.attempts().attempts(s.runId, "t").stream().map(TaskAttemptRecord::status).toList());
        assertEquals(Optional.empty(), f.queue.poll(), "nothing queued again");
        assertTrue(f.attempts.report(s.u.key(), s.u.token(), TaskOutcome.success()).accepted());
        assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(s.runId).orElseThrow().status());
    }

    @Test
    void a_resend_in_the_same_batch_as_the_pending_first_copy_shares_its_acknowledgement() {
        try (CoreFixture f = fixture()) {
            Started s = start(f);
            f.clock.advance(Duration.ofSeconds(5)); // u's heartbeat now writes a longer lease
            stalling.stall(HEARTBEAT);
            CompletableFuture<ReportResult> hb = CompletableFuture.supplyAsync(
                    () -> f.attempts.heartbeat(s.u.key(), s.u.token()), threads);
            stalling.awaitStalled(); // the heartbeat holds the run lock in a stalled write
            CompletableFuture<ReportResult> first = report(f, s.t, TaskOutcome.success());
            awaitQueued(f, s.runId, 1);
            CompletableFuture<ReportResult> resend = report(f, s.t, TaskOutcome.success());
            awaitQueued(f, s.runId, 2);
            stalling.release();
            assertTrue(get(hb).accepted());
            ReportResult r1 = get(first);
            ReportResult r2 = get(resend);
            assertTrue(r1.accepted(), r1.toString());
            assertTrue(r2.accepted(), "the resend must be acknowledged like the first copy: " + r2);
            assertTaskSucceededOnce(f, s);
        }
    }

    @Test
    void a_resend_while_the_first_copy_commits_is_acknowledged_once_it_is_recorded() {
        try (CoreFixture f = fixture()) {
            Started s = start(f);
            stalling.stall(SUCCESS);
            CompletableFuture<ReportResult> first = report(f, s.t, TaskOutcome.success());
            stalling.awaitStalled();
            CompletableFuture<ReportResult> resend = report(f, s.t, TaskOutcome.success());
            awaitQueued(f, s.runId, 1);
            stalling.release();
            ReportResult r1 = get(first);
            ReportResult r2 = get(resend);
            assertTrue(r1.accepted(), r1.toString());
            assertTrue(r2.accepted(), "the resend must be acknowledged: " + r2);
            ReportResult late = f.attempts.report(s.t.key(), s.t.token(), TaskOutcome.success());
            assertTrue(late.accepted(), "a resend after the commit is acknowledged: " + late);
            assertTaskSucceededOnce(f, s);
        }
    }

    @Test
    void a_resend_after_the_first_commit_failed_transiently_retries_it() {
        try (CoreFixture f = fixture()) {
            Started s = start(f);
            stalling.stall(SUCCESS);
            stalling.fail(SUCCESS, 1);
            CompletableFuture<ReportResult> first = report(f, s.t, TaskOutcome.success());
            stalling.awaitStalled();
            CompletableFuture<ReportResult> resend = report(f, s.t, TaskOutcome.success());
            awaitQueued(f, s.runId, 1);
            stalling.release();
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> get(first));
            assertInstanceOf(StoreException.class, e.getCause(), "the first copy fails transiently (retryable)");
            ReportResult r2 = get(resend);
            assertTrue(r2.accepted(), "the resend is applied, not refused: " + r2);
            assertTaskSucceededOnce(f, s);
        }
    }

    @Test
    void copies_in_one_batch_whose_commit_fails_transiently_both_fail_retryably_and_a_retry_is_applied() {
        try (CoreFixture f = fixture()) {
            Started s = start(f);
            f.clock.advance(Duration.ofSeconds(5));
            stalling.stall(HEARTBEAT);
            stalling.fail(SUCCESS, 1);
            CompletableFuture<ReportResult> hb = CompletableFuture.supplyAsync(
                    () -> f.attempts.heartbeat(s.u.key(), s.u.token()), threads);
            stalling.awaitStalled();
            CompletableFuture<ReportResult> first = report(f, s.t, TaskOutcome.success());
            awaitQueued(f, s.runId, 1);
            CompletableFuture<ReportResult> resend = report(f, s.t, TaskOutcome.success());
            awaitQueued(f, s.runId, 2);
            stalling.release();
            assertTrue(get(hb).accepted());
            for (CompletableFuture<ReportResult> r : List.of(first, resend)) {
                CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                        () -> get(r), "a copy was answered with a final result although nothing was written");
                assertInstanceOf(StoreException.class, e.getCause());
            }
            ReportResult retry = f.attempts.report(s.t.key(), s.t.token(), TaskOutcome.success());
            assertTrue(retry.accepted(), retry.toString());
            assertTaskSucceededOnce(f, s);
        }
    }

    @Test
    void a_report_of_another_outcome_for_the_same_attempt_is_refused_as_a_conflict() {
        try (CoreFixture f = fixture()) {
            Started s = start(f);
            stalling.stall(SUCCESS);
            CompletableFuture<ReportResult> success = report(f, s.t, TaskOutcome.success());
            stalling.awaitStalled();
            CompletableFuture<ReportResult> failed = report(f, s.t, TaskOutcome.failed("boom"));
            stalling.release();
            assertTrue(get(success).accepted());
            ReportResult conflict = get(failed);
            assertFalse(conflict.accepted(), conflict.toString());
            assertTrue(conflict.conflict(), conflict.toString());
            assertTrue(conflict.message().contains("SUCCESS"), conflict.message());
            ReportResult later = f.attempts.report(s.t.key(), s.t.token(), TaskOutcome.failed("boom"));
            assertFalse(later.accepted(), later.toString());
            assertTrue(later.message().contains("conflicts"), later.message());
            ReportResult wrongToken = f.attempts.report(s.t.key(), "not-the-token", TaskOutcome.success());
            assertFalse(wrongToken.accepted(), "a copy needs the attempt's token: " + wrongToken);
            assertTaskSucceededOnce(f, s);
        }
    }

    @Test
    void a_repeated_failure_report_is_acknowledged_and_does_not_use_a_retry() {
        TaskConfig retried = TaskConfig.builder().retries(2).build();
        Dag dag = Dag.builder("d").root(Node.of(tasks.ok("t"), retried)).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            long run = f.watcher.trigger(dag, "{}", T0);
            TaskLease l = f.queue.poll().flatMap(e -> f.attempts.handOut(e, "exec-1")).orElseThrow();
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.failed("boom")).accepted());
            ReportResult again = f.attempts.report(l.key(), l.token(), TaskOutcome.failed("boom"));
            assertTrue(again.accepted(), again.toString());
            ReportResult conflict = f.attempts.report(l.key(), l.token(), TaskOutcome.success());
            assertFalse(conflict.accepted(), conflict.toString());
            assertEquals(List.of(TaskStatus.FAILED_PENDING_RETRY, TaskStatus.SCHEDULED),
                    f.store.attempts().attempts(run, "t").stream().map(TaskAttemptRecord::status).toList());
        }
    }
}
