package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptDeferral;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * The deferral state machine on the core components and a real SQLite file, driven by the test
 * thread and a clock of its own: RUNNING → DEFERRED frees the slot, the timer pokes the same attempt
 * at its due time and not before, the backoff doubles the wait, a late report with an old token is
 * refused, and the timeout (from the first poke's start) fails the attempt with its pokes and reason.
 */
class DeferralsTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private CoreFixture fixture() {
        Dag dag = Dag.builder("d").root(Node.of(tasks.ok("s"), TaskConfig.builder().retries(3).build())).build();
        return new CoreFixture(dir, T0, dag);
    }

    private static TaskLease take(CoreFixture f) {
        return f.queue.poll().flatMap(e -> f.attempts.handOut(e, "exec-1")).orElseThrow(() -> new AssertionError(
                "nothing to hand out"));
    }

    private static ReportResult defer(CoreFixture f, TaskLease l, Duration wait, boolean backoff) {
        return f.attempts.report(new AttemptKey(l.runId(), l.taskId(), l.attempt()), l.token(),
                TaskOutcome.deferred(f.clock.instant().plus(wait), "file /in/x.csv not found", Optional.of(TIMEOUT), backoff));
    }

    @Test
    void a_deferred_attempt_frees_its_slot_and_is_poked_again_at_its_due_time_with_backoff() {
        try (CoreFixture f = fixture()) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease first = take(f);
            AttemptKey key = new AttemptKey(run, "s", 0);
            assertTrue(defer(f, first, Duration.ofSeconds(60), true).accepted());
            assertEquals(TaskStatus.DEFERRED, f.store.attempts().find(key).orElseThrow().status());
            assertEquals(0, f.queue.size(), "nothing queued while deferred");
            assertEquals(Optional.empty(), f.queue.poll());
            assertEquals(1, f.runs.deferrals().size());
            assertEquals(new AttemptDeferral(key, T0.plusSeconds(60), 1, T0, "file /in/x.csv not found",
                    Optional.of(TIMEOUT)), f.store.deferrals().find(key).orElseThrow());

            f.clock.advance(Duration.ofSeconds(59));
            f.runs.deferrals().runOnce(f.clock.instant());
            assertEquals(TaskStatus.DEFERRED, f.store.attempts().find(key).orElseThrow().status(), "not due yet");
            f.clock.advance(Duration.ofSeconds(1));
            f.runs.deferrals().runOnce(f.clock.instant());
            assertEquals(TaskStatus.SCHEDULED, f.store.attempts().find(key).orElseThrow().status());

            TaskLease second = take(f);
            assertEquals(0, second.attempt(), "the same attempt: a deferral is not a retry");
            assertNotEquals(first.token(), second.token());
            ReportResult late = f.attempts.report(key, first.token(), TaskOutcome.success());
            assertFalse(late.accepted(), "a late report with the first hand-out's token: " + late);
            assertTrue(defer(f, second, Duration.ofSeconds(60), true).accepted());
            AttemptDeferral d2 = f.store.deferrals().find(key).orElseThrow();
            assertEquals(2, d2.pokes());
            assertEquals(f.clock.instant().plusSeconds(120), d2.until(), "the second wait is doubled");
            assertEquals(T0, d2.firstPokeAt(), "the timeout counts from the first poke");

            f.clock.advance(Duration.ofSeconds(120));
            f.runs.deferrals().runOnce(f.clock.instant());
            TaskLease third = take(f);
            assertTrue(defer(f, third, Duration.ofHours(5), false).accepted());
            assertEquals(T0.plus(TIMEOUT), f.store.deferrals().find(key).orElseThrow().until(),
                    "never due past the timeout: the last poke comes on time");

            f.clock.set(T0.plus(TIMEOUT));
            f.runs.deferrals().runOnce(f.clock.instant());
            TaskLease last = take(f);
            assertTrue(defer(f, last, Duration.ofSeconds(60), false).accepted());
            var failed = f.store.attempts().find(key).orElseThrow();
            assertEquals(TaskStatus.FAILED, failed.status(), "a timed-out sensor fails without a retry (it has 3)");
            assertEquals(Optional.of("sensor 's' timed out after PT10M, 4 pokes; last: file /in/x.csv not found"),
                    failed.error());
            assertEquals(DagRunStatus.FAILED, f.store.dagRuns().find(run).orElseThrow().status());
        }
    }

    @Test
    void an_operator_marks_a_waiting_sensor_success_and_its_timer_entry_is_dropped() {
        try (CoreFixture f = fixture()) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            assertTrue(defer(f, take(f), Duration.ofMinutes(5), false).accepted());
            f.actions.mark(run, "s", TaskStatus.SUCCESS);
            AttemptKey key = new AttemptKey(run, "s", 0);
            assertEquals(TaskStatus.SUCCESS, f.store.attempts().find(key).orElseThrow().status());
            assertEquals(0, f.runs.deferrals().size(), "no poke of a marked task");
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(run).orElseThrow().status());
            f.clock.advance(Duration.ofMinutes(6));
            f.runs.deferrals().runOnce(f.clock.instant());
            assertEquals(Optional.empty(), f.queue.poll(), "nothing handed out again");
        }
    }

    @Test
    void clearing_a_waiting_sensor_cancels_the_deferred_attempt_and_runs_it_afresh() {
        try (CoreFixture f = fixture()) {
            long run = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", T0);
            assertTrue(defer(f, take(f), Duration.ofMinutes(5), false).accepted());
            f.actions.clear(run, "s", false);
            assertEquals(TaskStatus.CANCELLED, f.store.attempts().find(new AttemptKey(run, "s", 0)).orElseThrow().status());
            assertEquals(0, f.runs.deferrals().size());
            TaskLease again = take(f);
            assertEquals(1, again.attempt(), "a new attempt, with a fresh timeout");
        }
    }
}
