package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.OverlapPolicy;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.BackfillRecord;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.ScheduleEventType;
import ppacer.scheduler.model.BackfillPlan;
import ppacer.scheduler.model.BackfillProgress;
import ppacer.scheduler.model.BackfillRequest;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.scheduler.model.Why;
import ppacer.testkit.Tasks;

/** Backfills on the core components (real SQLite, fake clock, driven pass by pass by the test thread). */
class BackfillsTest {
    private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    /** A daily DAG of a chain of tasks that does not catch up (its schedule creates nothing in the past). */
    private Dag daily(String id, int maxActiveRuns) {
        return Dag.builder(id).schedule(Schedule.every(DAY, DAY0)).catchUp(false).maxActiveRuns(maxActiveRuns)
                .root(Node.of(tasks.ok("a")).then(Node.of(tasks.ok("b")))).build();
    }

    private static Instant day(int n) {
        return DAY0.plus(DAY.multipliedBy(n));
    }

    private static BackfillRequest request(String dagId, Instant from, Instant to, int maxActive, BackfillReprocess reprocess,
                                           boolean reverse) {
        return new BackfillRequest(dagId, from, to, maxActive, reprocess, reverse, "{\"src\":\"bf\"}", false, false, "test");
    }

    private static List<DagRunRecord> runs(CoreFixture f, String dagId) {
        return f.store.dagRuns().recent(Optional.of(dagId), Optional.empty(), 100_000).reversed().stream()
                .map(DagRunSummary::run).toList();
    }

    private static Explainer explainer(CoreFixture f) {
        return new Explainer(new Explainer.Core(f.queue, f.admission, f.runs, Duration.ofSeconds(30), f.backfills),
                new Explainer.Standby("n", Optional.empty(), Optional.empty()), new ExecutorContact(f.clock), f.clock.instant());
    }

    private static long unfinished(CoreFixture f, long backfillId) {
        return f.store.backfills().runCounts(backfillId).entrySet().stream().filter(e -> !e.getKey().isTerminal())
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Passes and plays runs until the backfill is done, checking the max-active bound at every step. */
    private static BackfillRecord drive(CoreFixture f, long id, int maxActive, RunPlayer player) {
        for (int i = 0; i < 10_000; i++) {
            f.watcher.runOnce(f.clock.instant());
            assertTrue(unfinished(f, id) <= maxActive, "at most " + maxActive + " unfinished runs, found " + unfinished(f, id));
            BackfillRecord b = f.store.backfills().find(id).orElseThrow();
            if (b.state().isTerminal()) {
                return b;
            }
            player.play();
        }
        throw new AssertionError("backfill " + id + " did not end");
    }

    @Test
    void runs_are_created_lazily_in_order_never_more_than_max_active_and_succeed() {
        try (CoreFixture f = new CoreFixture(dir, NOW, daily("d", 16))) {
            f.watcher.init(NOW);
            BackfillRecord b = f.backfills.create(request("d", day(0), day(9), 3, BackfillReprocess.NONE, false));
            assertEquals(10, b.total());
            assertEquals(Optional.of(day(0)), b.cursor());
            f.watcher.runOnce(NOW);
            assertEquals(List.of(day(0), day(1), day(2)), runs(f, "d").stream().map(DagRunRecord::logicalTime).toList(),
                    "only max-active runs exist");
            assertTrue(runs(f, "d").stream().allMatch(r -> r.trigger() == ScheduleEventType.BACKFILL
                    && r.paramsJson().equals("{\"src\":\"bf\"}")));
            assertEquals(Optional.of(day(3)), f.store.backfills().find(b.id()).orElseThrow().cursor());
            f.watcher.runOnce(NOW);
            assertEquals(3, runs(f, "d").size(), "a pass with max-active unfinished runs creates none");

            BackfillRecord end = drive(f, b.id(), 3, new RunPlayer(f));
            assertEquals(BackfillState.SUCCEEDED, end.state());
            assertEquals(10, end.created());
            List<DagRunRecord> all = runs(f, "d");
            assertEquals(10, all.size());
            for (int i = 0; i < 10; i++) {
                assertEquals(day(i), all.get(i).logicalTime(), "run ids follow logical times");
                assertEquals(DagRunStatus.SUCCESS, all.get(i).status());
            }
            BackfillProgress p = f.backfills.progress(b.id());
            assertEquals(10, p.runsSucceeded());
            assertEquals(10, p.done());
        }
    }

    @Test
    void reverse_goes_from_the_latest_point_to_the_earliest() {
        try (CoreFixture f = new CoreFixture(dir, NOW, daily("d", 16))) {
            f.watcher.init(NOW);
            BackfillRecord b = f.backfills.create(request("d", day(0).plusSeconds(1), day(5), 2, BackfillReprocess.NONE, true));
            assertEquals(5, b.total(), "day 0 is before the range");
            drive(f, b.id(), 2, new RunPlayer(f));
            assertEquals(List.of(day(5), day(4), day(3), day(2), day(1)),
                    runs(f, "d").stream().map(DagRunRecord::logicalTime).toList(), "created latest first");
        }
    }

    /** A run of the DAG that exists before the backfill: one succeeded, one failed (task b fails). */
    private static long finishedRun(CoreFixture f, Dag dag, Instant logicalTime, boolean fail) {
        long runId = f.watcher.trigger(dag, "{}", logicalTime, NOW);
        RunPlayer p = new RunPlayer(f);
        if (fail) {
            p.on("b", TaskOutcome.failed("boom"));
        }
        p.play();
        assertEquals(fail ? DagRunStatus.FAILED : DagRunStatus.SUCCESS, f.store.dagRuns().find(runId).orElseThrow().status());
        return runId;
    }

    private void dryRunEqualsTheRealSets(BackfillReprocess reprocess) {
        Dag dag = daily("d", 16);
        try (CoreFixture f = new CoreFixture(dir, NOW, dag)) {
            f.watcher.init(NOW);
            long ok = finishedRun(f, dag, day(2), false);
            long failed = finishedRun(f, dag, day(4), true);
            BackfillRequest r = request("d", day(0), day(6), 2, reprocess, false);
            BackfillPlan plan = f.backfills.plan(r);
            assertEquals(7, plan.points().size());
            assertEquals(2, runs(f, "d").size(), "a dry run creates nothing");
            assertTrue(f.store.backfills().list(Optional.empty(), Set.of()).isEmpty(), "nor a backfill");

            BackfillRecord b = f.backfills.create(r);
            BackfillRecord end = drive(f, b.id(), 2, new RunPlayer(f));
            List<Instant> created = new ArrayList<>();
            List<Instant> rerun = new ArrayList<>();
            for (DagRunRecord run : runs(f, "d")) {
                if (f.store.backfills().backfillOf(run.runId()).isPresent()) {
                    (run.runId() == ok || run.runId() == failed ? rerun : created).add(run.logicalTime());
                }
            }
            List<Instant> skipped = new ArrayList<>();
            for (int i = 0; i <= 6; i++) {
                if (!created.contains(day(i)) && !rerun.contains(day(i))) {
                    skipped.add(day(i));
                }
            }
            assertEquals(plan.times(BackfillPlan.Action.CREATE), created, reprocess + ": created");
            assertEquals(plan.times(BackfillPlan.Action.RERUN), rerun, reprocess + ": rerun");
            assertEquals(plan.times(BackfillPlan.Action.SKIP), skipped, reprocess + ": skipped");
            assertEquals(List.of(day(0), day(1), day(3), day(5), day(6)), created);
            assertEquals(switch (reprocess) {
                case NONE -> List.of();
                case FAILED -> List.of(day(4));
                case ALL -> List.of(day(2), day(4));
            }, rerun);
            assertEquals(created.size(), end.created());
            assertEquals(rerun.size(), end.rerun());
            assertEquals(skipped.size(), end.skipped());
            assertEquals(BackfillState.SUCCEEDED, end.state(), "the reruns succeeded (b fails only when scripted)");
            for (Instant t : rerun) {
                DagRunRecord run = f.store.dagRuns().find("d", t).orElseThrow();
                assertEquals(DagRunStatus.SUCCESS, run.status());
                assertEquals(1, run.restarts());
            }
            assertEquals(7, runs(f, "d").size(), "one run per logical time");
        }
    }

    @Test
    void dry_run_equals_what_the_backfill_does_with_reprocess_none() {
        dryRunEqualsTheRealSets(BackfillReprocess.NONE);
    }

    @Test
    void dry_run_equals_what_the_backfill_does_with_reprocess_failed() {
        dryRunEqualsTheRealSets(BackfillReprocess.FAILED);
    }

    @Test
    void dry_run_equals_what_the_backfill_does_with_reprocess_all() {
        dryRunEqualsTheRealSets(BackfillReprocess.ALL);
    }

    @Test
    void a_failed_run_makes_the_backfill_failed() {
        try (CoreFixture f = new CoreFixture(dir, NOW, daily("d", 16))) {
            f.watcher.init(NOW);
            BackfillRecord b = f.backfills.create(request("d", day(0), day(2), 1, BackfillReprocess.NONE, false));
            BackfillRecord end = drive(f, b.id(), 1, new RunPlayer(f).on("b", TaskOutcome.failed("boom")));
            assertEquals(BackfillState.FAILED, end.state());
            assertEquals(3, f.backfills.progress(b.id()).runsFailed());
        }
    }

    @Test
    void scheduled_runs_are_admitted_before_waiting_backfill_runs() {
        Dag dag = Dag.builder("d").schedule(Schedule.every(Duration.ofHours(1), DAY0)).catchUp(false).maxActiveRuns(1)
                .root(Node.of(tasks.ok("a"))).build();
        Instant now = DAY0.plus(Duration.ofMinutes(10 * 60 + 30));
        try (CoreFixture f = new CoreFixture(dir, now, dag)) {
            f.watcher.init(now);
            BackfillRecord b = f.backfills.create(request("d", DAY0, DAY0.plus(Duration.ofHours(5)), 4,
                    BackfillReprocess.NONE, false));
            f.watcher.runOnce(now);
            List<DagRunRecord> first = runs(f, "d");
            assertEquals(4, first.size(), "max-active backfill runs exist");
            assertEquals(DagRunStatus.RUNNING, first.get(0).status(), "the DAG's one slot was free");
            assertTrue(first.subList(1, 4).stream().allMatch(r -> r.status() == DagRunStatus.QUEUED));

            f.clock.set(DAY0.plus(Duration.ofHours(11)));
            f.watcher.runOnce(f.clock.instant());
            DagRunRecord scheduled = f.store.dagRuns().find("d", DAY0.plus(Duration.ofHours(11))).orElseThrow();
            assertEquals(ScheduleEventType.REGULAR, scheduled.trigger());
            assertEquals(DagRunStatus.QUEUED, scheduled.status(), "the slot is taken by the backfill run");
            assertTrue(f.backfills.throttle(b.id()).isPresent(), "throttled: max-active runs, one scheduled run ahead");
            assertEquals(1, f.backfills.throttle(b.id()).orElseThrow().queuedAhead());
            List<Why> dagWhy = explainer(f).dag("d", false, Optional.empty(), List.of(), f.backfills.throttled("d"));
            Why throttled = dagWhy.stream().filter(w -> w.kind() == Why.Kind.BACKFILL_THROTTLED).findFirst().orElseThrow();
            assertEquals(b.id(), throttled.details().get("backfillId"));
            assertEquals(1, throttled.details().get("queuedAhead"));
            assertTrue(throttled.message().contains("wait ahead of it"), throttled.message());

            // the backfill run finishes: the freed slot goes to the scheduled run, not to the older backfill runs
            Optional<QueuedTask> task = f.queue.poll();
            var lease = f.attempts.handOut(task.orElseThrow(), "exec-1").orElseThrow();
            assertTrue(f.attempts.report(lease.key(), lease.token(), TaskOutcome.success()).accepted());
            f.watcher.runOnce(f.clock.instant());
            assertEquals(DagRunStatus.RUNNING, f.store.dagRuns().find(scheduled.runId()).orElseThrow().status(),
                    "the scheduled run was admitted first");
            assertTrue(first.subList(1, 4).stream().allMatch(r ->
                    f.store.dagRuns().find(r.runId()).orElseThrow().status() == DagRunStatus.QUEUED), "backfill runs wait");
            assertTrue(f.backfills.waitsBehindScheduled("d", first.get(1).runId()));
            DagRunRecord waiting = f.store.dagRuns().find(first.get(1).runId()).orElseThrow();
            List<Why> runWhy = explainer(f).run(dag, waiting, f.store.attempts().latest(waiting.runId()), false).run();
            assertEquals(Why.Kind.BACKFILL_THROTTLED, runWhy.getFirst().kind(), runWhy.toString());
            assertEquals(b.id(), runWhy.getFirst().details().get("backfillId"));
            assertTrue(runWhy.getFirst().message().startsWith("run " + waiting.runId() + " belongs to backfill " + b.id()),
                    runWhy.getFirst().message());
            List<DagRunRecord> after = runs(f, "d");
            assertEquals(6, after.size(), "3 unfinished backfill runs: one more is created, queued behind");
            assertEquals(DagRunStatus.QUEUED, after.get(5).status());
            assertEquals(DAY0.plus(Duration.ofHours(4)), after.get(5).logicalTime());
        }
    }

    /**
     * A DAG whose overlap policy runs one run at a time can be backfilled: its policy counts its
     * scheduled and triggered runs only, so a point due while a backfill run holds the DAG's one slot
     * gets its run (QUEUED, first in line), not OVERLAP_SKIPPED; and CANCEL_OTHER never cancels a
     * backfill run.
     */
    @ParameterizedTest
    @EnumSource(value = OverlapPolicy.class, names = {"SKIP", "BUFFER_ONE", "CANCEL_OTHER"})
    void a_backfill_of_a_one_at_a_time_dag_does_not_count_as_its_previous_run(OverlapPolicy policy) {
        Dag dag = Dag.builder("d").schedule(Schedule.every(Duration.ofHours(1), DAY0)).catchUp(false).overlap(policy)
                .root(Node.of(tasks.ok("a"))).build();
        Instant now = DAY0.plus(Duration.ofMinutes(10 * 60 + 30));
        try (CoreFixture f = new CoreFixture(dir, now, dag)) {
            f.watcher.init(now);
            BackfillRecord b = f.backfills.create(request("d", DAY0, DAY0.plus(Duration.ofHours(2)), 2,
                    BackfillReprocess.NONE, false));
            f.watcher.runOnce(now);
            DagRunRecord backfillRun = runs(f, "d").getFirst();
            assertEquals(DagRunStatus.RUNNING, backfillRun.status(), "the DAG's one slot was free");

            f.clock.set(DAY0.plus(Duration.ofHours(11)));
            f.watcher.runOnce(f.clock.instant());
            DagRunRecord scheduled = f.store.dagRuns().find("d", DAY0.plus(Duration.ofHours(11))).orElseThrow();
            assertEquals(ScheduleEventType.REGULAR, scheduled.trigger(), "the point got its run despite the backfill run");
            assertEquals(DagRunStatus.QUEUED, scheduled.status(), "it waits for the DAG's one slot");
            assertEquals(DagRunStatus.RUNNING, f.store.dagRuns().find(backfillRun.runId()).orElseThrow().status(),
                    "the backfill run was not cancelled");
            assertTrue(f.store.scheduleEvents().recent("d", 100).stream().noneMatch(e -> e.type().name().startsWith("OVERLAP")),
                    "no overlap decision: " + f.store.scheduleEvents().recent("d", 100));

            RunPlayer player = new RunPlayer(f);
            player.play(); // the backfill run's task succeeds: the scheduled run takes the slot before the next backfill run
            f.watcher.runOnce(f.clock.instant());
            assertEquals(DagRunStatus.RUNNING, f.store.dagRuns().find(scheduled.runId()).orElseThrow().status());
            BackfillRecord end = drive(f, b.id(), 2, player);
            assertEquals(BackfillState.SUCCEEDED, end.state());
            assertEquals(3, end.created());
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(scheduled.runId()).orElseThrow().status());
        }
    }

    @Test
    void cancel_in_the_middle_stops_creating_runs_and_the_created_ones_finish() {
        try (CoreFixture f = new CoreFixture(dir, NOW, daily("d", 16))) {
            f.watcher.init(NOW);
            BackfillRecord b = f.backfills.create(request("d", day(0), day(19), 4, BackfillReprocess.NONE, false));
            f.watcher.runOnce(NOW);
            new RunPlayer(f).play();
            f.watcher.runOnce(NOW); // 4 done, 4 more created
            assertEquals(8, runs(f, "d").size());
            BackfillRecord cancelled = f.backfills.cancel(b.id());
            assertEquals(BackfillState.CANCELLED, cancelled.state());
            for (int i = 0; i < 5; i++) {
                new RunPlayer(f).play();
                f.watcher.runOnce(NOW);
            }
            assertEquals(8, runs(f, "d").size(), "no run after the cancel");
            assertTrue(runs(f, "d").stream().allMatch(r -> r.status() == DagRunStatus.SUCCESS), "created runs finished");
            BackfillProgress p = f.backfills.progress(b.id());
            assertEquals(BackfillState.CANCELLED, p.backfill().state());
            assertEquals(8, p.backfill().created());
            assertEquals(8, p.runsSucceeded());
            assertEquals(Optional.of(day(8)), p.backfill().cursor());
            assertThrows(InvalidStateException.class, () -> f.backfills.cancel(b.id()));
            assertThrows(InvalidStateException.class, () -> f.backfills.resume(b.id()));
        }
    }

    @Test
    void cancel_with_runs_cancels_its_unfinished_runs_and_no_other() {
        Dag dag = daily("d", 2);
        try (CoreFixture f = new CoreFixture(dir, NOW, dag)) {
            f.watcher.init(NOW);
            long other = f.watcher.trigger(dag, "{}", day(50), NOW);
            BackfillRecord b = f.backfills.create(request("d", day(0), day(9), 3, BackfillReprocess.NONE, false));
            f.watcher.runOnce(NOW);
            long running = f.store.dagRuns().find("d", day(0)).orElseThrow().runId();
            assertEquals(DagRunStatus.RUNNING, f.store.dagRuns().find(running).orElseThrow().status());
            assertEquals(DagRunStatus.QUEUED, f.store.dagRuns().find("d", day(2)).orElseThrow().status(), "behind the DAG's slots");

            assertEquals(BackfillState.CANCELLED, f.backfills.cancel(b.id(), true).state());
            for (int i = 0; i < 3; i++) {
                assertEquals(DagRunStatus.FAILED, f.store.dagRuns().find("d", day(i)).orElseThrow().status(), "day " + i);
            }
            assertTrue(f.store.attempts().latest(running).stream().anyMatch(a -> a.status() == ppacer.api.TaskStatus.FAILED
                    && a.error().equals(Optional.of(Backfills.CANCELLED))), f.store.attempts().latest(running).toString());
            assertEquals(DagRunStatus.RUNNING, f.store.dagRuns().find(other).orElseThrow().status(), "not the backfill's");
            new RunPlayer(f).play();
            f.watcher.runOnce(NOW);
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(other).orElseThrow().status());
            assertEquals(4, runs(f, "d").size(), "no run after the cancel");
            BackfillProgress p = f.backfills.progress(b.id());
            assertEquals(3, p.runsFailed());
            assertEquals(0, p.runsUnfinished());
        }
    }

    @Test
    void pause_and_resume() {
        try (CoreFixture f = new CoreFixture(dir, NOW, daily("d", 16))) {
            f.watcher.init(NOW);
            BackfillRecord b = f.backfills.create(request("d", day(0), day(5), 2, BackfillReprocess.NONE, false));
            f.watcher.runOnce(NOW);
            f.backfills.pause(b.id());
            new RunPlayer(f).play();
            f.watcher.runOnce(NOW);
            assertEquals(2, runs(f, "d").size(), "paused: nothing created");
            f.backfills.resume(b.id());
            assertEquals(BackfillState.SUCCEEDED, drive(f, b.id(), 2, new RunPlayer(f)).state());
            assertEquals(6, runs(f, "d").size());
        }
    }

    @Test
    void after_a_restart_it_goes_on_from_its_cursor_and_no_logical_time_gets_two_runs() {
        Dag dag = daily("d", 16);
        long id;
        try (CoreFixture f = new CoreFixture(dir, NOW, dag)) {
            f.watcher.init(NOW);
            id = f.backfills.create(request("d", day(0), day(11), 3, BackfillReprocess.NONE, false)).id();
            f.watcher.runOnce(NOW);
            new RunPlayer(f).play();
            f.watcher.runOnce(NOW);
            assertEquals(6, runs(f, "d").size());
        }
        try (CoreFixture f = new CoreFixture(dir, NOW, dag)) {
            new Recovery(f.runs, f.registry, f.admission, Duration.ofSeconds(30)).recover();
            f.watcher.init(NOW);
            BackfillRecord end = drive(f, id, 3, new RunPlayer(f));
            assertEquals(BackfillState.SUCCEEDED, end.state());
            List<Instant> times = runs(f, "d").stream().map(DagRunRecord::logicalTime).toList();
            assertEquals(12, times.size());
            assertEquals(12, new TreeSet<>(times).size(), "no logical time twice");
            assertEquals(12, end.created());
        }
    }

    @Test
    void bad_requests_are_refused_and_create_nothing() {
        Dag manual = Dag.builder("manual").root(Node.of(tasks.ok("a"))).build();
        Dag everySecond = Dag.builder("s").schedule(Schedule.every(Duration.ofSeconds(1), DAY0)).root(Node.of(tasks.ok("a")))
                .build();
        Dag tenthOfASecond = Dag.builder("ms").schedule(Schedule.every(Duration.ofMillis(100), DAY0)).catchUp(false)
                .root(Node.of(tasks.ok("a"))).build();
        try (CoreFixture f = new CoreFixture(dir, NOW, daily("d", 16), manual, everySecond, tenthOfASecond)) {
            f.watcher.init(NOW);
            assertTrue(assertThrows(UnknownIdException.class, () -> f.backfills.create(
                    request("nope", day(0), day(1), 1, BackfillReprocess.NONE, false))).getMessage()
                    .startsWith("Unknown DAG 'nope'; known DAGs: "));
            assertTrue(assertThrows(InvalidInputException.class, () -> f.backfills.create(
                    request("manual", day(0), day(1), 1, BackfillReprocess.NONE, false))).getMessage()
                    .contains("has no schedule"));
            assertTrue(assertThrows(InvalidInputException.class, () -> f.backfills.create(
                    request("d", day(2), day(1), 1, BackfillReprocess.NONE, false))).getMessage()
                    .contains("is after to"));
            assertTrue(assertThrows(InvalidInputException.class, () -> f.backfills.create(
                    request("d", day(1).plusSeconds(1), day(2).minusSeconds(1), 1, BackfillReprocess.NONE, false)))
                    .getMessage().contains("has no schedule point"));
            assertTrue(assertThrows(InvalidInputException.class, () -> f.backfills.create(
                    request("d", day(1), NOW.plus(DAY), 1, BackfillReprocess.NONE, false))).getMessage()
                    .contains("in the future"));
            assertTrue(assertThrows(InvalidInputException.class, () -> f.backfills.create(
                    request("d", day(1), day(2), 0, BackfillReprocess.NONE, false))).getMessage()
                    .contains("at least 1"));
            assertTrue(assertThrows(InvalidInputException.class, () -> f.backfills.create(new BackfillRequest("d", day(1),
                    day(2), 1, BackfillReprocess.NONE, false, "[1]", false, false, "test"))).getMessage()
                    .contains("JSON object"));
            String tooMany = assertThrows(InvalidInputException.class, () -> f.backfills.create(
                    request("s", day(0), day(2), 1, BackfillReprocess.NONE, false))).getMessage();
            assertTrue(tooMany.contains("more than 100000 schedule points"), tooMany);
            assertTrue(f.store.backfills().list(Optional.empty(), Set.of()).isEmpty(), "nothing stored");

            BackfillRecord first = f.backfills.create(request("d", day(0), day(10), 1, BackfillReprocess.NONE, false));
            String overlap = assertThrows(InvalidStateException.class, () -> f.backfills.create(
                    request("d", day(10), day(12), 1, BackfillReprocess.NONE, false))).getMessage();
            assertTrue(overlap.contains("Backfill " + first.id() + " of DAG 'd'") && overlap.contains("overlaps"), overlap);
            assertEquals(1, f.store.backfills().list(Optional.empty(), Set.of()).size());
            BackfillRecord second = f.backfills.create(new BackfillRequest("d", day(10), day(12), 1, BackfillReprocess.NONE,
                    false, "{}", false, true, "test"));
            assertFalse(second.id() == first.id(), "allowed with allowOverlap");
            f.backfills.create(request("d", day(20), day(22), 1, BackfillReprocess.NONE, false)); // no overlap
            BackfillRecord forced = f.backfills.create(new BackfillRequest("s", day(0), day(2), 1, BackfillReprocess.NONE,
                    false, "{}", true, false, "test"));
            assertEquals(2 * 86_400 + 1, forced.total(), "with force");
            String previewTooBig = assertThrows(InvalidInputException.class, () -> f.backfills.plan(new BackfillRequest("s",
                    day(3), day(5), 1, BackfillReprocess.NONE, false, "{}", true, false, "test"))).getMessage();
            assertTrue(previewTooBig.contains("A dry run lists at most 100000 points"), previewTooBig);
            String tooManyEvenForced = assertThrows(InvalidInputException.class, () -> f.backfills.create(new BackfillRequest(
                    "ms", day(1), day(3), 1, BackfillReprocess.NONE, false, "{}", true, false, "test"))).getMessage();
            assertTrue(tooManyEvenForced.contains("more than 1000000 schedule points"), tooManyEvenForced);
        }
    }
}
