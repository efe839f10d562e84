package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.OverlapPolicy;
import ppacer.api.TaskStatus;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * Overlap policies and the catch-up window against a fake clock: a "long-running" task is one handed
 * out and not reported yet.
 */
class OverlapPolicyTest {
    private static final Instant START = Instant.parse("2024-01-01T09:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    /** An hourly DAG: long → after. */
    private Dag hourly(OverlapPolicy policy) {
        return Dag.builder("d").schedule(Schedule.every(HOUR, START)).catchUp(true).overlap(policy)
                .root(longThenAfter()).build();
    }

    /** The root of long → after. */
    private Node longThenAfter() {
        Node root = Node.of(tasks.ok("long"));
        root.then(Node.of(tasks.ok("after")));
        return root;
    }

    private static Instant at(int hoursAfterStart) {
        return START.plus(HOUR.multipliedBy(hoursAfterStart));
    }

    private record Event(ScheduleEventType type, Instant scheduledAt) {
    }

    private static List<Event> events(CoreFixture f) {
        return f.store.scheduleEvents().recent("d", 10_000).reversed().stream()
                .map((ScheduleEvent e) -> new Event(e.type(), e.scheduledAt().orElseThrow())).toList();
    }

    private static List<DagRunRecord> runs(CoreFixture f) {
        return f.store.dagRuns().recent(Optional.of("d"), Optional.empty(), 10_000).reversed().stream()
                .map(s -> s.run()).toList();
    }

    private static List<Instant> runTimes(CoreFixture f) {
        return runs(f).stream().map(DagRunRecord::logicalTime).toList();
    }

    private static List<DagRunStatus> statuses(CoreFixture f) {
        return runs(f).stream().map(DagRunRecord::status).toList();
    }

    /** A pass at {@code t}. */
    private static void passAt(CoreFixture f, Instant t) {
        f.clock.set(t);
        f.watcher.runOnce(t);
    }

    /** Hands out the next queued task (it then "runs" until reported). */
    private static TaskLease handOut(CoreFixture f) {
        return f.attempts.handOut(f.queue.poll().orElseThrow(), "e").orElseThrow();
    }

    private static void succeed(CoreFixture f, TaskLease l) {
        ReportResult r = f.attempts.report(l.key(), l.token(), TaskOutcome.success());
        assertTrue(r.accepted(), r.message());
    }

    /** Runs the current run's two tasks to SUCCESS, then a pass. */
    private static void finishRun(CoreFixture f, TaskLease running) {
        succeed(f, running);
        succeed(f, handOut(f));
        f.watcher.runOnce(f.clock.instant());
    }

    private static CoreFixture started(Path dir, Dag dag) {
        CoreFixture f = new CoreFixture(dir, START, dag);
        f.watcher.init(START);
        f.watcher.runOnce(START);
        return f;
    }

    @Test
    void allow_runs_overlapping_points_side_by_side() {
        try (CoreFixture f = started(dir, hourly(OverlapPolicy.ALLOW))) {
            handOut(f);
            passAt(f, at(1));
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.RUNNING), statuses(f));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.REGULAR, at(1))),
                    events(f));
            assertEquals(Dag.DEFAULT_MAX_ACTIVE_RUNS, f.registry.find("d").orElseThrow().maxActiveRuns());
        }
    }

    @Test
    void skip_creates_no_run_while_one_is_unfinished_and_records_the_skip() {
        try (CoreFixture f = started(dir, hourly(OverlapPolicy.SKIP))) {
            TaskLease running = handOut(f);
            passAt(f, at(1));
            passAt(f, at(2));
            assertEquals(List.of(at(0)), runTimes(f), "10:00 and 11:00 came due while 09:00 ran");
            finishRun(f, running);
            passAt(f, at(3));
            assertEquals(List.of(at(0), at(3)), runTimes(f));
            assertEquals(List.of(DagRunStatus.SUCCESS, DagRunStatus.RUNNING), statuses(f));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.OVERLAP_SKIPPED, at(1)),
                    new Event(ScheduleEventType.OVERLAP_SKIPPED, at(2)), new Event(ScheduleEventType.REGULAR, at(3))), events(f));
        }
    }

    @Test
    void buffer_one_queues_one_run_and_skips_further_points_until_it_starts() {
        try (CoreFixture f = started(dir, hourly(OverlapPolicy.BUFFER_ONE))) {
            TaskLease running = handOut(f);
            passAt(f, at(1));
            passAt(f, at(2));
            assertEquals(List.of(at(0), at(1)), runTimes(f));
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.QUEUED), statuses(f));
            finishRun(f, running);
            assertEquals(List.of(DagRunStatus.SUCCESS, DagRunStatus.RUNNING), statuses(f), "the buffered run starts");
            handOut(f); // 10:00's run runs long as well
            passAt(f, at(3));
            assertEquals(List.of(DagRunStatus.SUCCESS, DagRunStatus.RUNNING, DagRunStatus.QUEUED), statuses(f));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.OVERLAP_BUFFERED, at(1)),
                    new Event(ScheduleEventType.OVERLAP_SKIPPED, at(2)), new Event(ScheduleEventType.OVERLAP_BUFFERED, at(3))),
                    events(f));
            assertEquals(ScheduleEventType.REGULAR, runs(f).get(1).trigger(), "a buffered run is an ordinary scheduled run");
        }
    }

    @Test
    void cancel_other_cancels_the_running_run_and_starts_the_new_one() {
        try (CoreFixture f = started(dir, hourly(OverlapPolicy.CANCEL_OTHER))) {
            TaskLease running = handOut(f);
            long old = running.runId();
            passAt(f, at(1));
            assertEquals(List.of(DagRunStatus.FAILED, DagRunStatus.RUNNING), statuses(f));
            TaskAttemptRecord cancelled = f.store.attempts().find(running.key()).orElseThrow();
            assertEquals(TaskStatus.FAILED, cancelled.status());
            assertEquals(Optional.of(RunCancellation.REASON), cancelled.error());
            TaskAttemptRecord pending = f.store.attempts().latest(old).stream()
                    .filter(a -> a.key().taskId().equals("after")).findFirst().orElseThrow();
            assertEquals(TaskStatus.UPSTREAM_FAILED, pending.status());
            assertEquals(Optional.of(RunCancellation.REASON), pending.reason());
            // the executor of the cancelled attempt learns it from its next heartbeat (and a late report is refused)
            assertEquals(ReportResult.Status.NOT_RUNNING, f.attempts.heartbeat(running.key(), running.token()).status());
            assertFalse(f.attempts.report(running.key(), running.token(), TaskOutcome.success()).accepted());
            // the new run is running its first task; its slot is the one the cancelled run freed
            TaskLease next = handOut(f);
            assertEquals(at(1), next.logicalTime());
            assertEquals(1, f.admission.active("d"));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.OVERLAP_CANCELLED, at(0)),
                    new Event(ScheduleEventType.REGULAR, at(1))), events(f));
            assertEquals(Optional.of(at(1)), f.store.scheduleEvents().recent("d", 10).stream()
                    .filter(e -> e.type() == ScheduleEventType.OVERLAP_CANCELLED).findFirst().orElseThrow().nextAt(),
                    "the cancel names the point that replaces the run");
        }
    }

    @Test
    void cancel_other_ends_a_queued_attempt_whose_queue_entry_is_then_dropped_as_stale() {
        try (CoreFixture f = started(dir, hourly(OverlapPolicy.CANCEL_OTHER))) {
            passAt(f, at(1)); // 09:00's first task is still SCHEDULED, waiting in the task queue
            assertEquals(List.of(DagRunStatus.FAILED, DagRunStatus.RUNNING), statuses(f));
            long old = runs(f).getFirst().runId();
            TaskAttemptRecord cancelled = f.store.attempts().latest(old).stream()
                    .filter(a -> a.key().taskId().equals("long")).findFirst().orElseThrow();
            assertEquals(TaskStatus.FAILED, cancelled.status());
            assertEquals(Optional.of(RunCancellation.REASON), cancelled.error());
            QueuedTask stale = f.queue.poll().orElseThrow();
            assertEquals(old, stale.runId());
            assertEquals(Optional.empty(), f.attempts.handOut(stale, "e"), "the cancelled attempt is never handed out");
            assertEquals(at(1), handOut(f).logicalTime());
        }
    }

    @Test
    void a_cancellation_the_store_refuses_records_no_cancel_event_and_the_new_run_waits_for_the_old_one() {
        java.util.concurrent.atomic.AtomicBoolean failTransitions = new java.util.concurrent.atomic.AtomicBoolean();
        try (CoreFixture f = new CoreFixture(dir, START, store -> ppacer.testkit.StoreProxy.wrap(store, (type, m, args, call) -> {
            if (failTransitions.get() && type == ppacer.api.spi.TaskAttemptStore.class && m.getName().equals("transition")) {
                throw new ppacer.api.spi.StoreException("TaskAttemptStore.transition failed (test fault)");
            }
            return call.proceed();
        }), hourly(OverlapPolicy.CANCEL_OTHER))) {
            f.watcher.init(START);
            f.watcher.runOnce(START);
            TaskLease running = handOut(f);
            failTransitions.set(true);
            passAt(f, at(1));
            failTransitions.set(false);
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.QUEUED), statuses(f));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.REGULAR, at(1))),
                    events(f), "no OVERLAP_CANCELLED for a run that was not cancelled");
            finishRun(f, running);
            assertEquals(List.of(DagRunStatus.SUCCESS, DagRunStatus.RUNNING), statuses(f), "the new run starts after it");
        }
    }

    @Test
    void cancel_other_lets_the_teardown_of_a_succeeded_setup_run_and_the_new_run_waits_for_it() {
        Node create = Node.of(tasks.ok("create"));
        Node release = Node.of(tasks.ok("release")).teardownOf(create);
        create.then(Node.of(tasks.ok("work"))).then(release);
        Dag d = Dag.builder("d").schedule(Schedule.every(HOUR, START)).catchUp(true).overlap(OverlapPolicy.CANCEL_OTHER)
                .root(create).build();
        try (CoreFixture f = started(dir, d)) {
            succeed(f, handOut(f)); // create
            TaskLease work = handOut(f);
            passAt(f, at(1));
            long old = work.runId();
            assertEquals(TaskStatus.FAILED, f.store.attempts().find(work.key()).orElseThrow().status());
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.QUEUED), statuses(f), "the teardown still runs");
            TaskLease teardown = handOut(f);
            assertEquals("release", teardown.taskId());
            assertEquals(old, teardown.runId());
            // 11:00 comes due while the teardown runs: only the waiting 10:00 run has something to cancel
            passAt(f, at(2));
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.FAILED, DagRunStatus.QUEUED), statuses(f));
            succeed(f, teardown);
            f.watcher.runOnce(f.clock.instant());
            assertEquals(List.of(DagRunStatus.FAILED, DagRunStatus.FAILED, DagRunStatus.RUNNING), statuses(f));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.OVERLAP_CANCELLED, at(0)),
                    new Event(ScheduleEventType.REGULAR, at(1)), new Event(ScheduleEventType.OVERLAP_CANCELLED, at(1)),
                    new Event(ScheduleEventType.REGULAR, at(2))), events(f));
        }
    }

    @Test
    void cancel_other_also_cancels_a_queued_run_and_catches_up_only_the_latest_missed_point() {
        try (CoreFixture f = started(dir, hourly(OverlapPolicy.CANCEL_OTHER))) {
            handOut(f);
            long triggered = f.watcher.trigger(f.registry.find("d").orElseThrow(), "{}", at(0).plusSeconds(60));
            assertEquals(DagRunStatus.QUEUED, f.store.dagRuns().find(triggered).orElseThrow().status());
            passAt(f, at(3).plusSeconds(10)); // 10:00, 11:00 and 12:00 missed
            assertEquals(List.of(DagRunStatus.FAILED, DagRunStatus.FAILED, DagRunStatus.RUNNING), statuses(f));
            assertEquals(at(3), runTimes(f).get(2));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)),
                    new Event(ScheduleEventType.MANUALLY_TRIGGERED, at(0).plusSeconds(60)),
                    new Event(ScheduleEventType.OVERLAP_SKIPPED, at(1)), new Event(ScheduleEventType.OVERLAP_SKIPPED, at(2)),
                    new Event(ScheduleEventType.OVERLAP_CANCELLED, at(0)),
                    new Event(ScheduleEventType.OVERLAP_CANCELLED, at(0).plusSeconds(60)),
                    new Event(ScheduleEventType.REGULAR, at(3))), events(f));
            assertEquals(0, f.admission.queued("d"));
        }
    }

    @Test
    void a_restarted_scheduler_applies_the_policy_to_a_recovered_unfinished_run() {
        TaskLease running;
        try (CoreFixture first = started(dir, hourly(OverlapPolicy.CANCEL_OTHER))) {
            running = handOut(first);
        }
        Instant restart = START.plusSeconds(10); // within the lease: the run is recovered RUNNING
        try (CoreFixture f = new CoreFixture(dir, restart, hourly(OverlapPolicy.CANCEL_OTHER))) {
            new Recovery(f.runs, f.registry, f.admission, Duration.ofSeconds(30)).recover();
            f.watcher.init(restart);
            assertEquals(Optional.of(at(1)), f.watcher.nextDue("d"));
            assertEquals(1, f.admission.active("d"));
            passAt(f, at(1));
            assertEquals(List.of(DagRunStatus.FAILED, DagRunStatus.RUNNING), statuses(f));
            assertEquals(TaskStatus.FAILED, f.store.attempts().find(running.key()).orElseThrow().status());
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.OVERLAP_CANCELLED, at(0)),
                    new Event(ScheduleEventType.REGULAR, at(1))), events(f));
        }
        try (CoreFixture f = new CoreFixture(dir, at(1).plusSeconds(10), hourly(OverlapPolicy.SKIP))) {
            new Recovery(f.runs, f.registry, f.admission, Duration.ofSeconds(30)).recover();
            f.watcher.init(f.clock.instant());
            passAt(f, at(2));
            assertEquals(List.of(DagRunStatus.FAILED, DagRunStatus.RUNNING), statuses(f), "10:00's run, recovered, is unfinished");
            assertEquals(new Event(ScheduleEventType.OVERLAP_SKIPPED, at(2)), events(f).getLast());
        }
    }

    @Test
    void a_buffered_run_is_still_the_one_waiting_after_a_restart() {
        TaskLease running;
        try (CoreFixture first = started(dir, hourly(OverlapPolicy.BUFFER_ONE))) {
            first.clock.set(at(1).minusSeconds(5));
            running = handOut(first); // its lease ends at 10:00:25
            passAt(first, at(1));
        }
        Instant restart = at(1).plusSeconds(10);
        try (CoreFixture f = new CoreFixture(dir, restart, hourly(OverlapPolicy.BUFFER_ONE))) {
            new Recovery(f.runs, f.registry, f.admission, Duration.ofSeconds(30)).recover();
            f.watcher.init(restart);
            assertEquals(1, f.admission.queued("d"), "the buffered run waits again");
            passAt(f, at(2));
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.QUEUED), statuses(f));
            assertEquals(new Event(ScheduleEventType.OVERLAP_SKIPPED, at(2)), events(f).getLast());
            finishRun(f, running);
            assertEquals(List.of(DagRunStatus.SUCCESS, DagRunStatus.RUNNING), statuses(f), "the buffered run starts");
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, at(0)), new Event(ScheduleEventType.OVERLAP_BUFFERED, at(1)),
                    new Event(ScheduleEventType.OVERLAP_SKIPPED, at(2))), events(f));
        }
    }

    @Test
    void the_catch_up_window_skips_missed_points_older_than_it_and_catches_up_the_rest() {
        Dag d = Dag.builder("d").schedule(Schedule.every(HOUR, START)).catchUp(true).catchUpWindow(Duration.ofHours(3))
                .root(Node.of(tasks.ok("t"))).build();
        try (CoreFixture f = started(dir, d)) {
            Instant back = at(9).plus(Duration.ofMinutes(10)); // down from 09:00 to 18:10; the window starts at 15:10
            passAt(f, back);
            assertEquals(List.of(at(0), at(7), at(8), at(9)), runTimes(f));
            List<Event> expected = new java.util.ArrayList<>(List.of(new Event(ScheduleEventType.REGULAR, at(0))));
            for (int h = 1; h <= 6; h++) {
                expected.add(new Event(ScheduleEventType.SKIPPED, at(h)));
            }
            expected.addAll(List.of(new Event(ScheduleEventType.CAUGHT_UP, at(7)), new Event(ScheduleEventType.CAUGHT_UP, at(8)),
                    new Event(ScheduleEventType.REGULAR, at(9))));
            assertEquals(expected, events(f));
        }
    }

    @Test
    void the_catch_up_window_also_bounds_the_first_runs_of_a_new_dag_and_its_skipped_events() {
        Dag d = Dag.builder("d").schedule(Schedule.every(Duration.ofSeconds(1), START)).catchUp(true)
                .catchUpWindow(Duration.ofSeconds(3)).root(Node.of(tasks.ok("t"))).build();
        Instant now = START.plusSeconds(5000).plusMillis(500);
        try (CoreFixture f = new CoreFixture(dir, now, d)) {
            f.watcher.init(now);
            assertEquals(Optional.of(START), f.watcher.nextDue("d"), "catch-up starts at the schedule start");
            f.watcher.runOnce(now);
            List<ScheduleEvent> all = f.store.scheduleEvents().recent("d", 10_000).reversed();
            assertEquals(1000, all.stream().filter(e -> e.type() == ScheduleEventType.SKIPPED).count());
            ScheduleEvent oob = all.stream().filter(e -> e.type() == ScheduleEventType.OUT_OF_BAND).findFirst().orElseThrow();
            assertEquals(Optional.of(START.plusSeconds(4998)), oob.nextAt(), "the first point inside the window (4997.5 s)");
            assertEquals(List.of(START.plusSeconds(4998), START.plusSeconds(4999), START.plusSeconds(5000)), runTimes(f));
        }
    }

    /** Daily at 02:30 in Warsaw: 2026-03-29 has no 02:30 (02:00 → 03:00 CEST), it fires at 03:30 CEST. */
    @Test
    void window_and_skip_across_the_spring_forward_in_warsaw() {
        Instant first = Instant.parse("2026-03-25T01:30:00Z"); // 02:30 CET
        Dag d = Dag.builder("d").schedule(Schedule.cron("30 2 * * *", WARSAW).startingAt(first)).catchUp(true)
                .catchUpWindow(Duration.ofHours(30)).overlap(OverlapPolicy.SKIP)
                .root(longThenAfter()).build();
        try (CoreFixture f = new CoreFixture(dir, first, d)) {
            f.watcher.init(first);
            f.watcher.runOnce(first);
            TaskLease running = handOut(f);
            finishRun(f, running);
            // down until 2026-03-30 01:00Z (03:00 CEST): the window starts at 2026-03-28 19:00Z
            Instant back = Instant.parse("2026-03-30T01:00:00Z");
            passAt(f, back);
            Instant shifted = Instant.parse("2026-03-29T01:30:00Z"); // 03:30 CEST, the shifted 02:30
            Instant afterDst = Instant.parse("2026-03-30T00:30:00Z"); // 02:30 CEST
            assertEquals(List.of(first, shifted), runTimes(f), "the 03-30 point came due while the shifted one ran");
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, first),
                    new Event(ScheduleEventType.SKIPPED, Instant.parse("2026-03-26T01:30:00Z")),
                    new Event(ScheduleEventType.SKIPPED, Instant.parse("2026-03-27T01:30:00Z")),
                    new Event(ScheduleEventType.SKIPPED, Instant.parse("2026-03-28T01:30:00Z")),
                    new Event(ScheduleEventType.CAUGHT_UP, shifted),
                    new Event(ScheduleEventType.OVERLAP_SKIPPED, afterDst)), events(f));
            assertEquals(Optional.of(Instant.parse("2026-03-31T00:30:00Z")), f.watcher.nextDue("d"));
        }
    }

    /** Hourly in Warsaw: 2026-10-25 02:00 happens twice (03:00 CEST → 02:00 CET); the cron fires once, at CEST. */
    @Test
    void window_and_buffer_one_across_the_fall_back_in_warsaw() {
        Instant first = Instant.parse("2026-10-24T22:00:00Z"); // 00:00 CEST
        Dag d = Dag.builder("d").schedule(Schedule.cron("0 * * * *", WARSAW).startingAt(first)).catchUp(true)
                .catchUpWindow(Duration.ofMinutes(150)).overlap(OverlapPolicy.BUFFER_ONE)
                .root(longThenAfter()).build();
        try (CoreFixture f = new CoreFixture(dir, first, d)) {
            f.watcher.init(first);
            f.watcher.runOnce(first);
            TaskLease running = handOut(f);
            // down until 04:10Z (05:10 CET); the window starts at 01:40Z. Points: 23:00Z (01:00 CEST),
            // 00:00Z (02:00 CEST), no 01:00Z (02:00 CET, the repeat), 02:00Z (03:00 CET), 03:00Z, 04:00Z
            passAt(f, Instant.parse("2026-10-25T04:10:00Z"));
            assertEquals(List.of(first, Instant.parse("2026-10-25T02:00:00Z")), runTimes(f));
            assertEquals(List.of(DagRunStatus.RUNNING, DagRunStatus.QUEUED), statuses(f));
            assertEquals(List.of(new Event(ScheduleEventType.REGULAR, first),
                    new Event(ScheduleEventType.SKIPPED, Instant.parse("2026-10-24T23:00:00Z")),
                    new Event(ScheduleEventType.SKIPPED, Instant.parse("2026-10-25T00:00:00Z")),
                    new Event(ScheduleEventType.OVERLAP_BUFFERED, Instant.parse("2026-10-25T02:00:00Z")),
                    new Event(ScheduleEventType.OVERLAP_SKIPPED, Instant.parse("2026-10-25T03:00:00Z")),
                    new Event(ScheduleEventType.OVERLAP_SKIPPED, Instant.parse("2026-10-25T04:00:00Z"))), events(f));
            finishRun(f, running);
            assertEquals(List.of(DagRunStatus.SUCCESS, DagRunStatus.RUNNING), statuses(f));
        }
    }
}
