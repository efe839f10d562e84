package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.WorkCounts;
import ppacer.testkit.Tasks;

class LeaseAndRetryTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Dag single(TaskConfig config) {
        return Dag.builder("d").root(Node.of(tasks.ok("t"), config)).build();
    }

    private static Optional<TaskLease> next(CoreFixture f) {
        return f.queue.poll().flatMap(e -> f.attempts.handOut(e, "exec-1"));
    }

    private static List<TaskStatus> statuses(CoreFixture f, long runId) {
        return f.store.attempts().attempts(runId, "t").stream().map(TaskAttemptRecord::status).toList();
    }

    @Test
    void constant_retry_delay_keeps_the_next_attempt_back_until_due() {
        TaskConfig c = TaskConfig.builder().retries(2).retryDelay(RetryDelay.constant(Duration.ofSeconds(30))).build();
        try (CoreFixture f = new CoreFixture(dir, T0, single(c))) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            for (int attempt = 0; attempt < 2; attempt++) {
                TaskLease l = next(f).orElseThrow();
                assertEquals(attempt, l.attempt());
                f.clock.advance(Duration.ofSeconds(3));
                Instant failedAt = f.clock.instant();
                assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.failed("boom")).accepted());
                f.clock.set(failedAt.plus(Duration.ofSeconds(30)).minusMillis(1));
                assertEquals(Optional.empty(), next(f), "not before the delay");
                f.clock.set(failedAt.plus(Duration.ofSeconds(30)));
            }
            TaskLease last = next(f).orElseThrow();
            assertEquals(2, last.attempt());
            f.attempts.report(last.key(), last.token(), TaskOutcome.failed("boom again"));
            assertEquals(List.of(TaskStatus.FAILED_PENDING_RETRY, TaskStatus.FAILED_PENDING_RETRY, TaskStatus.FAILED),
                    statuses(f, run));
            assertEquals(DagRunStatus.FAILED, f.store.dagRuns().find(run).orElseThrow().status());
        }
    }

    @Test
    void exponential_backoff_doubles_the_wait_between_attempts() {
        TaskConfig c = TaskConfig.builder().retries(3)
                .retryDelay(RetryDelay.exponential(Duration.ofSeconds(10), 2.0, Duration.ofHours(1), 0.0)).build();
        try (CoreFixture f = new CoreFixture(dir, T0, single(c))) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = next(f).orElseThrow();
            for (long delay : new long[] {10, 20, 40}) {
                Instant failedAt = f.clock.instant();
                f.attempts.report(l.key(), l.token(), TaskOutcome.failed("x"));
                f.clock.set(failedAt.plusSeconds(delay).minusNanos(1000));
                assertEquals(Optional.empty(), next(f), "retry after a " + delay + " s delay came early");
                f.clock.set(failedAt.plusSeconds(delay));
                l = next(f).orElseThrow();
            }
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.success()).accepted());
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(run).orElseThrow().status());
        }
    }

    @Test
    void an_expired_lease_fails_the_attempt_as_executor_lost_and_retries_it() {
        TaskConfig c = TaskConfig.builder().timeout(Duration.ofSeconds(60)).retries(1).build();
        try (CoreFixture f = new CoreFixture(dir, T0, single(c))) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = next(f).orElseThrow();
            assertEquals(T0.plusSeconds(30), l.leaseDeadline(), "the lease duration (30 s here), not the 60 s timeout");
            assertEquals(T0.plusSeconds(30), f.runs.attemptLeases().runOnce(T0.plusSeconds(29)), "still valid");
            f.clock.set(T0.plusSeconds(30));
            f.runs.attemptLeases().runOnce(f.clock.instant());
            TaskAttemptRecord lost = f.store.attempts().find(l.key()).orElseThrow();
            assertEquals(TaskStatus.FAILED_PENDING_RETRY, lost.status());
            assertEquals(Optional.of("executor lost: lease expired after PT30S (no heartbeat for PT30S)"), lost.error());
            ReportResult late = f.attempts.report(l.key(), l.token(), TaskOutcome.success());
            assertEquals(ReportResult.Status.SUPERSEDED, late.status(), late.message());
            TaskLease retry = next(f).orElseThrow();
            assertEquals(1, retry.attempt());
            assertTrue(f.attempts.report(retry.key(), retry.token(), TaskOutcome.success()).accepted());
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(run).orElseThrow().status());
            WorkCounts counted = f.counters.snapshot();
            assertEquals(1, counted.expired(), counted::toString);
            assertEquals(0, counted.failed(), "an expiry is not a failure report: " + counted);
            assertEquals(1, counted.attemptTransitions().get(TaskStatus.FAILED_PENDING_RETRY), counted::toString);
            assertEquals(2, counted.handedOut(), counted::toString);
            assertEquals(1, counted.succeeded(), "the late report was refused, the retry's accepted: " + counted);
            assertEquals(1, counted.runsFinished().get(DagRunStatus.SUCCESS), counted::toString);
        }
    }

    @Test
    void heartbeats_extend_the_lease_so_it_does_not_expire() {
        TaskConfig c = TaskConfig.builder().timeout(Duration.ofSeconds(60)).build();
        try (CoreFixture f = new CoreFixture(dir, T0, single(c))) {
            f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = next(f).orElseThrow();
            f.clock.set(T0.plusSeconds(20));
            ReportResult hb = f.attempts.heartbeat(l.key(), l.token());
            assertEquals(Optional.of(T0.plusSeconds(50)), hb.leaseDeadline());
            f.clock.set(T0.plusSeconds(45));
            f.runs.attemptLeases().runOnce(f.clock.instant());
            assertEquals(TaskStatus.RUNNING, f.store.attempts().find(l.key()).orElseThrow().status());
            assertEquals(Optional.of(T0.plusSeconds(50)), f.store.attempts().find(l.key()).orElseThrow().leaseDeadline());
        }
    }

    @Test
    void the_task_timeout_bounds_a_lease_kept_alive_by_heartbeats() {
        TaskConfig c = TaskConfig.builder().timeout(Duration.ofSeconds(10)).retries(1).build();
        try (CoreFixture f = new CoreFixture(dir, T0, single(c))) {
            f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = next(f).orElseThrow();
            f.clock.set(T0.plusSeconds(20));
            assertEquals(Optional.of(T0.plusSeconds(40)), f.attempts.heartbeat(l.key(), l.token()).leaseDeadline(),
                    "start + timeout 10 s + lease duration 30 s");
            f.clock.set(T0.plusSeconds(35));
            assertEquals(Optional.of(T0.plusSeconds(40)), f.attempts.heartbeat(l.key(), l.token()).leaseDeadline());
            f.clock.set(T0.plusSeconds(40));
            f.runs.attemptLeases().runOnce(f.clock.instant());
            TaskAttemptRecord lost = f.store.attempts().find(l.key()).orElseThrow();
            assertEquals(TaskStatus.FAILED_PENDING_RETRY, lost.status());
            assertTrue(lost.error().orElseThrow().contains("past the task timeout PT10S"), lost::toString);
        }
    }

    @Test
    void wrong_token_and_duplicate_reports_are_refused_and_change_nothing() {
        try (CoreFixture f = new CoreFixture(dir, T0, single(TaskConfig.DEFAULT))) {
            f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = next(f).orElseThrow();
            ReportResult wrong = f.attempts.report(l.key(), "not-the-token", TaskOutcome.failed("x"));
            assertEquals(ReportResult.Status.WRONG_TOKEN, wrong.status());
            assertEquals(TaskStatus.RUNNING, f.store.attempts().find(l.key()).orElseThrow().status());
            assertEquals(ReportResult.Status.WRONG_TOKEN, f.attempts.heartbeat(l.key(), "nope").status());
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.success()).accepted());
            ReportResult dup = f.attempts.report(l.key(), l.token(), TaskOutcome.failed("late"));
            assertEquals(ReportResult.Status.NOT_RUNNING, dup.status(), dup.message());
            assertEquals(TaskStatus.SUCCESS, f.store.attempts().find(l.key()).orElseThrow().status());
            ReportResult unknown = f.attempts.report(new ppacer.api.spi.AttemptKey(l.runId(), "t", 5), l.token(),
                    TaskOutcome.success());
            assertEquals(ReportResult.Status.UNKNOWN_ATTEMPT, unknown.status());
        }
    }
}
