package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.testkit.Tasks;

class DagRunWatcherTest {
    private static final Instant START = Instant.parse("2024-01-01T08:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Dag hourly(String id, boolean catchUp, int maxActiveRuns) {
        return Dag.builder(id).schedule(Schedule.every(HOUR, START)).catchUp(catchUp).maxActiveRuns(maxActiveRuns)
                .root(Node.of(tasks.ok("t"))).build();
    }

    private static List<ScheduleEventType> eventTypes(CoreFixture f, String dagId) {
        return f.store.scheduleEvents().recent(dagId, 10_000).reversed().stream().map(ScheduleEvent::type).toList();
    }

    private static List<Instant> runTimes(CoreFixture f, String dagId) {
        return f.store.dagRuns().recent(Optional.of(dagId), Optional.empty(), 10_000).reversed().stream()
                .map(s -> s.run().logicalTime()).toList();
    }

    @Test
    void first_run_with_catch_up_is_at_the_schedule_start_and_missed_points_are_caught_up() {
        try (CoreFixture f = new CoreFixture(dir, START.plus(Duration.ofMinutes(250)), hourly("d", true, 100))) {
            f.watcher.init(f.clock.instant());
            assertEquals(Optional.of(START), f.watcher.nextDue("d"));
            Instant next = f.watcher.runOnce(f.clock.instant());
            assertEquals(START.plus(HOUR.multipliedBy(5)), next, "12:00 is the next point after 12:10");
            assertEquals(List.of(START, START.plus(HOUR), START.plus(HOUR.multipliedBy(2)), START.plus(HOUR.multipliedBy(3)),
                    START.plus(HOUR.multipliedBy(4))), runTimes(f, "d"), "every missed point in one pass");
            assertEquals(List.of(ScheduleEventType.CAUGHT_UP, ScheduleEventType.CAUGHT_UP, ScheduleEventType.CAUGHT_UP,
                    ScheduleEventType.CAUGHT_UP, ScheduleEventType.REGULAR), eventTypes(f, "d"));
        }
    }

    @Test
    void without_catch_up_missed_points_are_skipped_and_only_the_latest_runs() {
        try (CoreFixture f = new CoreFixture(dir, START, hourly("d", false, 100))) {
            f.watcher.init(f.clock.instant());
            assertEquals(Optional.of(START.plus(HOUR)), f.watcher.nextDue("d"), "first run ever: next(now)");
            f.clock.set(START.plus(HOUR));
            f.watcher.runOnce(f.clock.instant());
            assertEquals(List.of(START.plus(HOUR)), runTimes(f, "d"));
            f.clock.set(START.plus(Duration.ofMinutes(5 * 60 + 10))); // 13:10: 10, 11, 12 missed; 13 is current
            f.watcher.runOnce(f.clock.instant());
            assertEquals(List.of(START.plus(HOUR), START.plus(HOUR.multipliedBy(5))), runTimes(f, "d"));
            assertEquals(List.of(ScheduleEventType.REGULAR, ScheduleEventType.SKIPPED, ScheduleEventType.SKIPPED,
                    ScheduleEventType.SKIPPED, ScheduleEventType.REGULAR), eventTypes(f, "d"));
        }
    }

    @Test
    void skipped_events_are_bounded_and_end_with_one_out_of_band() {
        Dag d = Dag.builder("d").schedule(Schedule.every(Duration.ofSeconds(1), START)).root(Node.of(tasks.ok("t"))).build();
        try (CoreFixture f = new CoreFixture(dir, START, d)) {
            f.watcher.init(START);
            f.clock.set(START.plusSeconds(1));
            f.watcher.runOnce(f.clock.instant());
            f.clock.set(START.plusSeconds(5000).plusMillis(500));
            assertEquals(START.plusSeconds(5001), f.watcher.runOnce(f.clock.instant()));
            List<ScheduleEventType> types = eventTypes(f, "d");
            assertEquals(1000, types.stream().filter(t -> t == ScheduleEventType.SKIPPED).count());
            assertEquals(1, types.stream().filter(t -> t == ScheduleEventType.OUT_OF_BAND).count());
            assertEquals(List.of(START.plusSeconds(1), START.plusSeconds(5000)), runTimes(f, "d"));
        }
    }

    @Test
    void runs_beyond_max_active_are_queued_and_start_in_logical_time_order() {
        try (CoreFixture f = new CoreFixture(dir, START.plus(Duration.ofMinutes(150)), hourly("d", true, 1))) {
            f.watcher.init(f.clock.instant());
            f.watcher.runOnce(f.clock.instant());
            List<DagRunSummary> runs = f.store.dagRuns().recent(Optional.of("d"), Optional.empty(), 10).reversed();
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.QUEUED, DagRunStatus.QUEUED),
                    runs.stream().map(s -> s.run().status()).toList());
            // finish the running one: its single task succeeds
            for (int i = 0; i < 2; i++) {
                var lease = f.attempts.handOut(f.queue.poll().orElseThrow(), "e").orElseThrow();
                f.attempts.report(lease.key(), lease.token(), ppacer.scheduler.model.TaskOutcome.success());
                f.watcher.runOnce(f.clock.instant());
                List<DagRunStatus> st = f.store.dagRuns().recent(Optional.of("d"), Optional.empty(), 10).reversed().stream()
                        .map(s -> s.run().status()).toList();
                assertEquals(i == 0 ? List.of(DagRunStatus.SUCCESS, DagRunStatus.RUNNING, DagRunStatus.QUEUED)
                        : List.of(DagRunStatus.SUCCESS, DagRunStatus.SUCCESS, DagRunStatus.RUNNING), st);
            }
        }
    }

    @Test
    void a_paused_dag_creates_no_runs_and_a_dag_without_schedule_never_runs_by_itself() {
        Dag manual = Dag.builder("manual").root(Node.of(tasks.ok("t"))).build();
        try (CoreFixture f = new CoreFixture(dir, START.plus(HOUR.multipliedBy(3)), hourly("d", true, 10), manual)) {
            f.admission.paused("d", true);
            f.watcher.init(f.clock.instant());
            assertNull(f.watcher.runOnce(f.clock.instant()), "nothing due for unpaused scheduled DAGs");
            assertEquals(List.of(), runTimes(f, "d"));
            assertEquals(List.of(), runTimes(f, "manual"));
            assertEquals(Optional.empty(), f.watcher.nextDue("manual"));
            f.admission.paused("d", false);
            f.watcher.runOnce(f.clock.instant());
            assertEquals(4, runTimes(f, "d").size(), "on unpause the missed points are caught up");
        }
    }

    @Test
    void latest_point_search_finds_the_last_point_not_after_now() {
        Schedule s = Schedule.every(Duration.ofMinutes(1), START);
        assertEquals(START.plus(Duration.ofMinutes(100_000)),
                DagRunWatcher.latestPointAtOrBefore(s, START, START.plus(Duration.ofMinutes(100_000)).plusSeconds(30)));
        assertEquals(START.plus(Duration.ofMinutes(7)),
                DagRunWatcher.latestPointAtOrBefore(s, START, START.plus(Duration.ofMinutes(7))));
    }
}
