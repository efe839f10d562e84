package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/** The run state machine: late and stale transitions change nothing, effects run outside the run lock. */
class RunCoordinatorTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Dag single(TaskConfig config) {
        return Dag.builder("d").root(Node.of(tasks.ok("t"), config)).build();
    }

    private static TaskLease next(CoreFixture f) {
        return f.queue.poll().flatMap(e -> f.attempts.handOut(e, "exec-1")).orElseThrow();
    }

    private static List<TaskStatus> statuses(CoreFixture f, long runId) {
        return f.store.attempts().attempts(runId, "t").stream().map(TaskAttemptRecord::status).toList();
    }

    @Test
    void late_reports_and_heartbeats_of_an_expired_attempt_leave_its_retry_alone() {
        TaskConfig c = TaskConfig.builder().timeout(Duration.ofSeconds(60)).retries(1).build();
        try (CoreFixture f = new CoreFixture(dir, T0, single(c))) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease lost = next(f);
            f.clock.set(T0.plusSeconds(30));
            f.runs.attemptLeases().runOnce(f.clock.instant());
            TaskLease retry = next(f);
            assertEquals(1, retry.attempt());

            ReportResult late = f.attempts.report(lost.key(), lost.token(), TaskOutcome.failed("late"));
            assertTrue(late.accepted() && late.message().contains("repeated report"),
                    "a failure of an attempt recorded as failed is acknowledged, changing nothing: " + late.message());
            ReportResult lateSuccess = f.attempts.report(lost.key(), lost.token(), TaskOutcome.success());
            assertEquals(ReportResult.Status.SUPERSEDED, lateSuccess.status(), lateSuccess.message());
            ReportResult beat = f.attempts.heartbeat(lost.key(), lost.token());
            assertEquals(ReportResult.Status.SUPERSEDED, beat.status(), beat.message());

            assertEquals(List.of(TaskStatus.FAILED_PENDING_RETRY, TaskStatus.RUNNING), statuses(f, run));
            assertEquals(Optional.of("executor lost: lease expired after PT30S (no heartbeat for PT30S)"),
                    f.store.attempts().find(lost.key()).orElseThrow().error(), "the expiry's error is kept");
            assertTrue(f.attempts.report(retry.key(), retry.token(), TaskOutcome.success()).accepted());
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(run).orElseThrow().status());
        }
    }

    @Test
    void an_expiry_that_comes_after_the_report_changes_nothing() {
        try (CoreFixture f = new CoreFixture(dir, T0, single(TaskConfig.DEFAULT))) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = next(f);
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.success()).accepted());
            f.clock.set(l.leaseDeadline().plusSeconds(1));
            f.attempts.expire(new AttemptLease(l.key(), l.token(), l.leaseDeadline()));
            assertEquals(List.of(TaskStatus.SUCCESS), statuses(f, run));
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(run).orElseThrow().status());
            assertEquals(0, f.counters.snapshot().expired(), f.counters.snapshot()::toString);
        }
    }

    @Test
    void an_expiry_of_a_lease_extended_meanwhile_keeps_the_attempt_running() {
        try (CoreFixture f = new CoreFixture(dir, T0, single(TaskConfig.DEFAULT))) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = next(f);
            f.clock.set(T0.plusSeconds(20));
            Instant extended = f.attempts.heartbeat(l.key(), l.token()).leaseDeadline().orElseThrow();
            f.clock.set(l.leaseDeadline());
            f.attempts.expire(new AttemptLease(l.key(), l.token(), l.leaseDeadline()));
            assertEquals(List.of(TaskStatus.RUNNING), statuses(f, run));
            assertEquals(Optional.of(extended), f.store.attempts().find(l.key()).orElseThrow().leaseDeadline());
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.success()).accepted());
        }
    }

    @Test
    void effects_are_applied_after_the_run_lock_is_released() {
        try (CoreFixture f = new CoreFixture(dir, T0, single(TaskConfig.DEFAULT))) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            RunState rs = f.runs.run(run);
            CompletableFuture<String> fromEffect = new CompletableFuture<>();
            f.runs.withRun(rs, (now, fx) -> {
                // an effect that needs the run lock on another thread: it would wait forever under the lock
                fx.alerts.add(() -> fromEffect.complete(CompletableFuture.supplyAsync(
                        () -> f.runs.withRun(rs, (at, more) -> "locked again")).orTimeout(2, TimeUnit.MINUTES).join()));
                return null;
            });
            assertEquals("locked again", fromEffect.getNow("effect not applied"));
        }
    }
}
