package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskStatus;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.BackfillRequest;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.Why;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/**
 * Issue 18 point 2, fairness at the executors: a scheduler with one executor slot
 * ({@code maxRunningTasks(1)}) on a real SQLite file runs a 20-day backfill of "table" (max-active
 * 4) while "table" itself and another DAG get triggered runs. The test is the only executor: it
 * takes one attempt at a time through {@link Scheduler#nextTask}, so the hand-out order is observed
 * exactly, whatever the machine's load. Before each take it waits until the task queue holds exactly
 * the attempts the store has as SCHEDULED (nothing in flight between the store and the queue); the
 * assertion: no backfill attempt is handed out while an attempt of a triggered run is ready, in the
 * same DAG or another.
 */
class BackfillFairnessTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DAYS = 20;
    @TempDir
    Path dir;

    private static DagRegistry registry() {
        Node a = Node.of(Task.of("extract", ctx -> { }));
        Node b = Node.of(Task.of("clean", ctx -> { }));
        Node c = Node.of(Task.of("enrich", ctx -> { }));
        Node d = Node.of(Task.of("publish", ctx -> { }));
        a.then(b, c);
        b.then(d);
        c.then(d);
        Dag table = Dag.builder("table").schedule(Schedule.every(Duration.ofDays(1), FROM)).catchUp(false)
                .maxActiveRuns(16).root(a).build();
        Node x = Node.of(Task.of("first", ctx -> { }));
        x.then(Node.of(Task.of("second", ctx -> { })));
        Dag other = Dag.builder("other").root(x).build();
        return DagRegistry.of(table, other);
    }

    /** One hand-out: the attempt, whether its run is a backfill's, and the triggered runs' attempts ready then. */
    private record HandOut(long runId, String taskId, boolean backfill, List<String> triggeredReady) { }

    @Test
    void no_backfill_attempt_is_handed_out_while_an_attempt_of_a_triggered_run_is_ready() {
        fairRun(false);
    }

    /**
     * The same after a restart between the start of the runs and the first hand-out: the queue is
     * rebuilt from the store (recovery), and the recovered entries know which runs are a backfill's.
     */
    @Test
    void after_a_restart_the_recovered_backfill_attempts_still_wait_behind_the_triggered_ones() {
        fairRun(true);
    }

    private Scheduler start(MutableClock clock) {
        return Scheduler.start(SchedulerConfig.builder(registry()).clock(clock)
                .storeUrl("jdbc:sqlite:" + dir.resolve("fair.db")).maxRunningTasks(1)
                .leaseDuration(Duration.ofHours(1)).stopTimeout(Duration.ofSeconds(5)).build());
    }

    private void fairRun(boolean restart) {
        MutableClock clock = new MutableClock(T0);
        long backfill;
        List<Long> triggered;
        Scheduler first = start(clock);
        try {
            backfill = first.backfill(new BackfillRequest("table", FROM, FROM.plus(Duration.ofDays(DAYS - 1)), 4,
                    BackfillReprocess.NONE, false, "{}", false, false, "test")).id();
            triggered = List.of(first.trigger("other", "{}", T0), first.trigger("table", "{}", T0.minusSeconds(1)),
                    first.trigger("other", "{}", T0.plusSeconds(1)));
            // the start: 4 backfill runs and the 3 triggered ones have their roots ready
            Await.until(Duration.ofSeconds(60), () -> scheduled(first).size() >= 7, () -> "7 roots ready: "
                    + scheduled(first));
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
        if (restart) {
            first.close();
        }
        try (Scheduler s = restart ? start(clock) : first) {
            Map<Long, Boolean> backfillRun = new HashMap<>();

            List<HandOut> handOuts = new ArrayList<>();
            String why = null;
            while (!(s.backfillProgress(backfill).backfill().state().isTerminal() && triggered.stream().allMatch(
                    id -> s.store().dagRuns().find(id).orElseThrow().status() == DagRunStatus.SUCCESS))) {
                List<TaskAttemptRecord> ready = settled(s);
                if (ready.isEmpty()) {
                    Await.until(Duration.ofSeconds(60), () -> !scheduled(s).isEmpty()
                            || s.backfillProgress(backfill).backfill().state().isTerminal(), () -> "more attempts or the end");
                    continue;
                }
                List<String> triggeredReady = new ArrayList<>();
                for (TaskAttemptRecord r : ready) {
                    if (!backfillRun.computeIfAbsent(r.key().runId(), id -> s.store().dagRuns().find(id).orElseThrow()
                            .ofBackfill())) {
                        triggeredReady.add(r.key().runId() + "/" + r.key().taskId());
                    }
                }
                if (why == null && !handOuts.isEmpty()) { // an executor has polled: the answer is about the queue
                    why = whyOfWaitingBackfillTask(s, ready, backfillRun);
                }
                TaskLease l = s.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
                boolean ofBackfill = backfillRun.computeIfAbsent(l.runId(), id -> s.store().dagRuns().find(id)
                        .orElseThrow().ofBackfill());
                handOuts.add(new HandOut(l.runId(), l.taskId(), ofBackfill, triggeredReady));
                assertTrue(s.report(l.key(), l.token(), TaskOutcome.success()).accepted(), "report of " + l.key());
            }

            List<HandOut> unfair = handOuts.stream().filter(h -> h.backfill() && !h.triggeredReady().isEmpty()).toList();
            assertTrue(unfair.isEmpty(), unfair.size() + " backfill attempts handed out while triggered ones were ready,"
                    + " first: " + unfair.subList(0, Math.min(3, unfair.size())) + "; of " + handOuts.size() + " hand-outs");
            // the test saw the competition it is about: backfill attempts ready with triggered ones of both DAGs
            long contested = handOuts.stream().filter(h -> !h.backfill() && !h.triggeredReady().isEmpty()).count();
            assertTrue(contested >= 6, "triggered hand-outs while backfill work waited: " + handOuts);
            assertTrue(handOuts.getFirst().triggeredReady().size() >= 3, "3 triggered roots ready at first: " + handOuts);
            assertTrue(why != null && why.contains("(a backfill's task: behind 1 scheduled or triggered task, which go"
                    + " first)"), "why of a backfill task waiting behind the triggered run of its DAG: " + why);
            assertEquals(BackfillState.SUCCEEDED, s.backfillProgress(backfill).backfill().state());
            assertTrue(handOuts.size() >= DAYS * 4 + 4 + 2 * 2, "every attempt: " + handOuts);
        }
    }

    /**
     * @return the explainer's answer for a ready backfill task of "table" while exactly one task of the
     *     DAG's triggered run is ready (asked before the take, with the queue settled); null when
     *     that is not the case now
     */
    private static String whyOfWaitingBackfillTask(Scheduler s, List<TaskAttemptRecord> ready,
                                                   Map<Long, Boolean> backfillRun) {
        List<TaskAttemptRecord> table = ready.stream().filter(r -> s.store().dagRuns().find(r.key().runId())
                .orElseThrow().dagId().equals("table")).toList();
        List<TaskAttemptRecord> ofBackfill = table.stream().filter(r -> backfillRun.get(r.key().runId())).toList();
        if (ofBackfill.isEmpty() || table.size() - ofBackfill.size() != 1) {
            return null;
        }
        Why w = s.why(ofBackfill.getFirst().key().runId(), ofBackfill.getFirst().key().taskId());
        assertEquals(Why.Kind.QUEUED, w.kind(), w.toString());
        assertEquals(1, w.details().get("aheadOutsideBackfills"), w.toString());
        return w.message();
    }

    private static List<TaskAttemptRecord> scheduled(Scheduler s) {
        return s.store().attempts().unfinished().stream().filter(r -> r.status() == TaskStatus.SCHEDULED).toList();
    }

    /**
     * The SCHEDULED attempts once the queue holds exactly them: counts read store, queue, store, equal
     * (the store's set grows only while nothing is taken, and the queue holds a subset of it).
     */
    private static List<TaskAttemptRecord> settled(Scheduler s) {
        List<TaskAttemptRecord> out = new ArrayList<>();
        Await.until(Duration.ofSeconds(60), () -> {
            List<TaskAttemptRecord> before = scheduled(s);
            int queued = s.stats().queuedTasks();
            int running = s.stats().runningTasks();
            List<TaskAttemptRecord> after = scheduled(s);
            if (running == 0 && before.size() == queued && after.size() == queued) {
                out.clear();
                out.addAll(after);
                return true;
            }
            return false;
        }, () -> "the queue holds the store's SCHEDULED attempts: " + s.stats() + " / " + scheduled(s));
        return out;
    }
}
