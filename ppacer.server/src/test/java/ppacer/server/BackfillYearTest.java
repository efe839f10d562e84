package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.model.BackfillProgress;
import ppacer.scheduler.model.BackfillRequest;
import ppacer.testkit.Await;

/**
 * Issue 18: a one-year daily backfill of a 5-task DAG with max-active 4, on SQLite and on PostgreSQL,
 * with the in-process executor: 365 runs to SUCCESS, started in logical-time order, never more than 4
 * unfinished at a time (watched continuously from the store), while a DAG scheduled every second
 * keeps its schedule: none of its points is skipped and its runs are started while the backfill waits
 * at max-active.
 */
class BackfillYearTest {
    private static final Instant YEAR = Instant.parse("2024-01-01T00:00:00Z");
    private static final int MAX_ACTIVE = 4;
    @TempDir
    Path dir;

    /** A task that takes a few milliseconds, so that the backfill lasts several ticks of 'often'. */
    private static Task work(String id) {
        return Task.of(id, ctx -> Thread.sleep(5));
    }

    private static DagRegistry registry() {
        Node a = Node.of(work("extract"));
        Node b = Node.of(work("clean"));
        Node c = Node.of(work("enrich"));
        Node d = Node.of(work("aggregate"));
        Node e = Node.of(work("publish"));
        a.then(b).then(d);
        a.then(c).then(d);
        d.then(e);
        Dag table = Dag.builder("table").schedule(Schedule.every(Duration.ofDays(1), YEAR)).catchUp(false)
                .maxActiveRuns(16).root(a).build();
        Dag often = Dag.builder("often").schedule(Schedule.every(Duration.ofSeconds(1), YEAR)).catchUp(false)
                .root(Node.of(Task.of("tick", ctx -> { }))).build();
        return DagRegistry.of(table, often);
    }

    @Test
    void a_year_of_daily_runs_on_sqlite() throws Exception {
        yearOfDailyRuns("jdbc:sqlite:" + dir.resolve("year.db"));
    }

    @Test
    void a_year_of_daily_runs_on_postgresql() throws Exception {
        try (PgTestSchema pg = PgTestSchema.create("ppacer_bf_")) {
            yearOfDailyRuns(pg.url());
        }
    }

    private static void yearOfDailyRuns(String url) throws Exception {
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(registry()).storeUrl(url)
                .stopTimeout(Duration.ofSeconds(5)).build());
             InProcessWorker worker = InProcessWorker.start(scheduler, WorkerConfig.defaults())) {
            Await.until(Duration.ofSeconds(60), () -> !runsOf(scheduler, "often").isEmpty(), () -> "often runs");
            Instant backfillFrom = Instant.now();
            long id = scheduler.backfill(new BackfillRequest("table", YEAR, YEAR.plus(Duration.ofDays(364)), MAX_ACTIVE,
                    BackfillReprocess.NONE, false, "{}", false, false, "test")).id();

            // the watch: unfinished backfill runs, and "often" runs started while the backfill was held at max-active
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong maxUnfinished = new AtomicLong();
            AtomicInteger throttledLooks = new AtomicInteger();
            AtomicInteger oftenStartedWhileThrottled = new AtomicInteger();
            List<String> problems = new ArrayList<>();
            Thread watch = Thread.ofVirtual().start(() -> {
                int oftenStartedBefore = -1;
                while (!done.get()) {
                    try {
                        long unfinished = scheduler.backfillProgress(id).runsUnfinished();
                        maxUnfinished.accumulateAndGet(unfinished, Math::max);
                        boolean throttled = scheduler.backfillThrottle(id).isPresent();
                        int oftenStarted = (int) runsOf(scheduler, "often").stream().filter(r -> r.startedAt().isPresent())
                                .count();
                        if (throttled) {
                            throttledLooks.incrementAndGet();
                            if (oftenStartedBefore >= 0 && oftenStarted > oftenStartedBefore) {
                                oftenStartedWhileThrottled.incrementAndGet();
                            }
                            oftenStartedBefore = oftenStarted;
                        } else {
                            oftenStartedBefore = -1;
                        }
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        synchronized (problems) {
                            problems.add(e.toString());
                        }
                    }
                }
            });
            try {
                Await.until(Duration.ofMinutes(10), () -> scheduler.backfillProgress(id).backfill().state().isTerminal(),
                        () -> "the backfill ends: " + scheduler.backfillProgress(id));
            } finally {
                done.set(true);
                watch.join();
            }
            Instant backfillTo = Instant.now();
            BackfillProgress p = scheduler.backfillProgress(id);
            assertEquals(BackfillState.SUCCEEDED, p.backfill().state(), p.toString());
            assertEquals(365, p.backfill().created());
            assertEquals(365, p.runsSucceeded());
            assertTrue(problems.isEmpty(), problems.toString());
            assertTrue(maxUnfinished.get() <= MAX_ACTIVE, "at most " + MAX_ACTIVE + " unfinished, saw " + maxUnfinished.get());
            assertEquals(MAX_ACTIVE, maxUnfinished.get(), "the backfill used its max-active");
            assertTrue(throttledLooks.get() > 0, "the backfill was seen held at max-active");
            // 'often' is not starved: in any 2 s of the backfill a point of it came due and its run started (a
            // backfill over faster than that leaves nothing to see; on a busy machine it lasts longer)
            if (Duration.between(backfillFrom, backfillTo).compareTo(Duration.ofSeconds(2)) >= 0) {
                long startedDuring = runsOf(scheduler, "often").stream().filter(r -> r.startedAt().isPresent()
                        && !r.startedAt().get().isBefore(backfillFrom) && r.startedAt().get().isBefore(backfillTo)).count();
                assertTrue(startedDuring > 0, "runs of 'often' started during the backfill (" + backfillFrom + " to "
                        + backfillTo + "; " + oftenStartedWhileThrottled.get() + " seen while it was held at max-active)");
            }

            List<DagRunRecord> table = runsOf(scheduler, "table");
            assertEquals(365, table.size());
            List<DagRunRecord> byTime = table.stream().sorted(Comparator.comparing(DagRunRecord::logicalTime)).toList();
            for (int i = 0; i < 365; i++) {
                DagRunRecord r = byTime.get(i);
                assertEquals(YEAR.plus(Duration.ofDays(i)), r.logicalTime());
                assertEquals(DagRunStatus.SUCCESS, r.status());
                assertEquals(ScheduleEventType.BACKFILL, r.trigger());
                if (i > 0) {
                    DagRunRecord prev = byTime.get(i - 1);
                    assertTrue(prev.runId() < r.runId(), "created in logical-time order");
                    assertFalse(r.startedAt().orElseThrow().isBefore(prev.startedAt().orElseThrow()),
                            "started in logical-time order: " + prev + " / " + r);
                }
            }
            // "often" kept its schedule: no point of it was skipped, each became a run
            List<ScheduleEvent> events = scheduler.store().scheduleEvents().recent("often", 100_000);
            assertTrue(events.stream().noneMatch(e -> e.type() == ScheduleEventType.SKIPPED
                    || e.type() == ScheduleEventType.OUT_OF_BAND), "no point of 'often' skipped");
            List<Instant> often = runsOf(scheduler, "often").stream().map(DagRunRecord::logicalTime).sorted().toList();
            for (int i = 1; i < often.size(); i++) {
                assertEquals(often.get(i - 1).plusSeconds(1), often.get(i), "one run per second of 'often'");
            }
            assertTrue(worker.completed() > 0);
        }
    }

    private static List<DagRunRecord> runsOf(Scheduler scheduler, String dagId) {
        return scheduler.store().dagRuns().recent(Optional.of(dagId), Optional.empty(), 100_000).stream()
                .map(DagRunSummary::run).toList();
    }
}
