package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.DagRunStatus.FAILED;
import static ppacer.api.DagRunStatus.QUEUED;
import static ppacer.api.DagRunStatus.RUNNING;
import static ppacer.api.DagRunStatus.SCHEDULED;
import static ppacer.api.DagRunStatus.SUCCESS;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.t;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.RunTransition;
import ppacer.api.spi.ScheduleEventType;

/** Contract of {@link DagRunStore}. */
public interface DagRunStoreContract extends StoreUnderTest {
    private DagRunStore runs() {
        return store().dagRuns();
    }

    private DagRunRecord run(long id) {
        return runs().find(id).orElseThrow(() -> new AssertionError("run " + id + " not found"));
    }

    /** An inserted run reads back with every field. */
    @Test
    default void inserted_run_reads_back() {
        ensureStandardDags();
        long id = runs().insert(new NewDagRun(ETL, t(0), QUEUED, "{\"k\":\"v\"}", ScheduleEventType.MANUALLY_TRIGGERED,
                3, t(1)));
        DagRunRecord r = run(id);
        assertEquals(new DagRunRecord(id, ETL, t(0), QUEUED, "{\"k\":\"v\"}", ScheduleEventType.MANUALLY_TRIGGERED, 3, 0,
                t(1), Optional.empty(), Optional.empty(), t(1)), r);
        assertEquals(Optional.of(r), runs().find(ETL, t(0)));
        assertEquals(Optional.empty(), runs().find(ETL, t(1)));
        assertEquals(Optional.empty(), runs().find(id + 1000));
        assertTrue(newRun(REPORT, t(0)) > id, "run ids grow");
    }

    /** A second run for the same DAG and logical time is a duplicate naming both; the store still works. */
    @Test
    default void duplicate_logical_time_is_refused_naming_dag_and_time() {
        newRun(ETL, t(0));
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> newRun(ETL, t(0)));
        assertTrue(e.getMessage().contains(ETL), e.getMessage());
        assertTrue(e.getMessage().contains(t(0).toString()), e.getMessage());
        long other = newRun(REPORT, t(0));
        long next = newRun(ETL, t(60));
        assertEquals(REPORT, run(other).dagId());
        assertEquals(t(60), run(next).logicalTime());
        assertEquals(3, runs().countByStatus().get(QUEUED));
    }

    /** Transitions are compare-and-set and maintain startedAt, finishedAt and updatedAt. */
    @Test
    default void transitions_apply_from_the_expected_status_only() {
        long id = newRun(ETL, t(0));
        assertTrue(runs().transition(id, QUEUED, SCHEDULED, t(1)));
        assertFalse(runs().transition(id, QUEUED, SCHEDULED, t(2)), "from QUEUED after it moved");
        assertEquals(SCHEDULED, run(id).status());
        assertEquals(t(1), run(id).updatedAt());
        assertEquals(Optional.empty(), run(id).startedAt());
        assertTrue(runs().transition(id, SCHEDULED, RUNNING, t(3)));
        assertEquals(Optional.of(t(3)), run(id).startedAt());
        assertEquals(Optional.empty(), run(id).finishedAt());
        assertTrue(runs().transition(id, RUNNING, SUCCESS, t(4)));
        DagRunRecord done = run(id);
        assertEquals(SUCCESS, done.status());
        assertEquals(Optional.of(t(3)), done.startedAt());
        assertEquals(Optional.of(t(4)), done.finishedAt());
        assertEquals(t(4), done.updatedAt());
        assertFalse(runs().transition(id, RUNNING, FAILED, t(5)));
        assertEquals(SUCCESS, run(id).status());
    }

    /**
     * A batch of run transitions: each compare-and-set on its own, in list order, with the same
     * effects as single transitions; refused ones (wrong status, unknown run) do not stop the others.
     */
    @Test
    default void transition_all_applies_each_compare_and_set_in_order() {
        long a = newRun(ETL, t(0));
        long b = newRun(ETL, t(60));
        long c = newRun(REPORT, t(0));
        assertTrue(runs().transition(c, QUEUED, SCHEDULED, t(1)));
        List<Boolean> applied = runs().transitionAll(List.of(
                new RunTransition(a, QUEUED, SCHEDULED, t(2)),
                new RunTransition(a, SCHEDULED, RUNNING, t(3)),
                new RunTransition(b, SCHEDULED, RUNNING, t(3)),
                new RunTransition(c + 1000, QUEUED, SCHEDULED, t(3)),
                new RunTransition(c, SCHEDULED, RUNNING, t(3)),
                new RunTransition(a, RUNNING, SUCCESS, t(4)),
                new RunTransition(a, RUNNING, FAILED, t(5))));
        assertEquals(List.of(true, true, false, false, true, true, false), applied);
        DagRunRecord done = run(a);
        assertEquals(SUCCESS, done.status());
        assertEquals(Optional.of(t(3)), done.startedAt());
        assertEquals(Optional.of(t(4)), done.finishedAt());
        assertEquals(t(4), done.updatedAt());
        assertEquals(QUEUED, run(b).status());
        assertEquals(Optional.empty(), run(b).startedAt());
        assertEquals(RUNNING, run(c).status());
        assertEquals(Optional.of(t(3)), run(c).startedAt());
        assertEquals(List.of(), runs().transitionAll(List.of()));
        long d = newRun(REPORT, t(60));
        long e = newRun(REPORT, t(120));
        assertEquals(List.of(true, false, true), runs().transitionAll(List.of(new RunTransition(d, QUEUED, SCHEDULED, t(6)),
                new RunTransition(b, RUNNING, SUCCESS, t(6)), new RunTransition(e, QUEUED, FAILED, t(6)))),
                "distinct runs");
        assertEquals(SCHEDULED, run(d).status());
        assertEquals(Optional.of(t(6)), run(e).finishedAt());
        assertEquals(Optional.empty(), run(e).startedAt());
    }

    /**
     * Sixteen threads moving distinct runs, alone and in batches, lose no update; racing finishes of
     * one run have exactly one winner.
     *
     * @throws Exception when a thread failed or did not finish within 60 s
     */
    @Test
    default void concurrent_run_transitions_all_apply_once() throws Exception {
        int threads = 16;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < threads * 2; i++) {
            ids.add(newRun(ETL, t(60L * i)));
        }
        long contested = newRun(REPORT, t(0));
        assertEquals(List.of(true, true), runs().transitionAll(List.of(new RunTransition(contested, QUEUED, SCHEDULED, t(1)),
                new RunTransition(contested, SCHEDULED, RUNNING, t(1)))));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int w = 0; w < threads; w++) {
                long mine = ids.get(2 * w);
                long batched = ids.get(2 * w + 1);
                results.add(pool.submit(() -> {
                    assertTrue(go.await(30, TimeUnit.SECONDS), "start signal");
                    int n = 0;
                    n += runs().transition(mine, QUEUED, SCHEDULED, t(1)) ? 1 : 0;
                    n += runs().transition(mine, SCHEDULED, RUNNING, t(2)) ? 1 : 0;
                    n += (int) runs().transitionAll(List.of(new RunTransition(batched, QUEUED, SCHEDULED, t(1)),
                            new RunTransition(batched, SCHEDULED, RUNNING, t(2)))).stream().filter(x -> x).count();
                    n += runs().transition(contested, RUNNING, SUCCESS, t(3)) ? 100 : 0;
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(4 * threads + 100, total, "4 moves per thread and one winner of the contested finish");
        }
        assertEquals(Map.of(RUNNING, 2L * threads, SUCCESS, 1L), runs().countByStatus());
    }

    /** A transition of an unknown run reports false. */
    @Test
    default void transition_of_unknown_run_is_refused() {
        long id = newRun(ETL, t(0));
        assertFalse(runs().transition(id + 1000, QUEUED, SCHEDULED, t(1)));
        assertFalse(runs().restart(id + 1000, t(1)));
    }

    /** Restart works only from FAILED: back to RUNNING, counter + 1, finishedAt cleared, startedAt kept. */
    @Test
    default void restart_only_from_failed_counts_restarts() {
        long id = newRun(ETL, t(0));
        assertFalse(runs().restart(id, t(1)), "QUEUED cannot be restarted");
        runs().transition(id, QUEUED, RUNNING, t(2));
        assertFalse(runs().restart(id, t(3)), "RUNNING cannot be restarted");
        runs().transition(id, RUNNING, FAILED, t(4));
        assertTrue(runs().restart(id, t(5)));
        DagRunRecord r = run(id);
        assertEquals(RUNNING, r.status());
        assertEquals(1, r.restarts());
        assertEquals(Optional.of(t(2)), r.startedAt(), "startedAt keeps the first start");
        assertEquals(Optional.empty(), r.finishedAt());
        assertEquals(t(5), r.updatedAt());
        assertFalse(runs().restart(id, t(6)), "restarted run is RUNNING");
        runs().transition(id, RUNNING, FAILED, t(7));
        assertTrue(runs().restart(id, t(8)));
        assertEquals(2, run(id).restarts());
        runs().transition(id, RUNNING, SUCCESS, t(9));
        assertEquals(Optional.of(t(9)), run(id).finishedAt());
        assertFalse(runs().restart(id, t(10)), "SUCCESS cannot be restarted");
    }

    /** latest() picks the latest logical time, not the latest insert. */
    @Test
    default void latest_is_by_logical_time() {
        assertEquals(Optional.empty(), runs().latest(ETL));
        newRun(ETL, t(3600));
        long late = newRun(ETL, t(7200));
        newRun(ETL, t(0));
        newRun(REPORT, t(99_999));
        assertEquals(late, runs().latest(ETL).orElseThrow().runId());
    }

    /** unfinished() lists every run not SUCCESS nor FAILED, oldest id first. */
    @Test
    default void unfinished_lists_runs_not_terminal() {
        long a = newRun(ETL, t(0));
        long b = newRun(ETL, t(1));
        long c = newRun(REPORT, t(2));
        long d = newRun(REPORT, t(3));
        runs().transition(a, QUEUED, SUCCESS, t(5));
        runs().transition(b, QUEUED, RUNNING, t(5));
        runs().transition(d, QUEUED, FAILED, t(5));
        assertEquals(List.of(b, c), runs().unfinished().stream().map(DagRunRecord::runId).toList());
    }

    /** countByStatus() counts only statuses that occur. */
    @Test
    default void count_by_status_counts_present_statuses() {
        assertEquals(Map.of(), runs().countByStatus());
        long a = newRun(ETL, t(0));
        newRun(ETL, t(1));
        newRun(REPORT, t(2));
        runs().transition(a, QUEUED, RUNNING, t(3));
        assertEquals(Map.of(QUEUED, 2L, RUNNING, 1L), runs().countByStatus());
    }

    /** recent() pages newest first, filters by DAG and computes progress from the latest attempt per task. */
    @Test
    default void recent_pages_newest_first_with_progress() {
        long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = newRun(i % 2 == 0 ? ETL : REPORT, t(i));
        }
        long r = ids[4];
        store().attempts().insert(List.of(Fixtures.attempt(r, "extract", 0, t(10)), Fixtures.attempt(r, "transform", 0, t(10)),
                Fixtures.attempt(r, "load", 0, t(10))));
        transition(new AttemptKey(r, "extract", 0), TaskStatus.SCHEDULED, TaskStatus.FAILED_PENDING_RETRY);
        store().attempts().insert(List.of(Fixtures.attempt(r, "extract", 1, t(11))));
        transition(new AttemptKey(r, "extract", 1), TaskStatus.SCHEDULED, TaskStatus.SUCCESS);
        transition(new AttemptKey(r, "transform", 0), TaskStatus.SCHEDULED, TaskStatus.FAILED);
        store().attempts().insert(List.of(new NewAttempt(new AttemptKey(ids[2], "extract", 0), TaskStatus.UPSTREAM_FAILED,
                t(12))));

        List<DagRunSummary> all = runs().recent(Optional.empty(), Optional.empty(), 10);
        assertEquals(List.of(ids[4], ids[3], ids[2], ids[1], ids[0]), all.stream().map(s -> s.run().runId()).toList());
        DagRunSummary top = all.getFirst();
        assertEquals(2, top.tasksDone(), "extract SUCCESS (latest attempt) + transform FAILED");
        assertEquals(1, top.tasksFailed(), "the failed first extract attempt is not latest");
        assertEquals(1, all.get(2).tasksDone());
        assertEquals(1, all.get(2).tasksFailed());
        assertEquals(0, all.get(1).tasksDone());

        List<DagRunSummary> etl = runs().recent(Optional.of(ETL), Optional.empty(), 2);
        assertEquals(List.of(ids[4], ids[2]), etl.stream().map(s -> s.run().runId()).toList());
        List<DagRunSummary> etlNext = runs().recent(Optional.of(ETL), Optional.of(ids[2]), 2);
        assertEquals(List.of(ids[0]), etlNext.stream().map(s -> s.run().runId()).toList());
        List<DagRunSummary> page = runs().recent(Optional.empty(), Optional.of(ids[3]), 2);
        assertEquals(List.of(ids[2], ids[1]), page.stream().map(s -> s.run().runId()).toList());
        assertEquals(List.of(), runs().recent(Optional.of("nope"), Optional.empty(), 10));
    }

    private void transition(AttemptKey key, TaskStatus from, TaskStatus to) {
        assertTrue(store().attempts().transition(AttemptTransition.of(key, from, to, t(20))), key + " " + from + "→" + to);
    }

    /** Runs can be inserted directly in any status. */
    @Test
    default void run_inserted_in_a_status_reads_back_in_it() {
        ensureStandardDags();
        long id = runs().insert(Fixtures.run(REPORT, t(0), DagRunStatus.SCHEDULED, 2));
        assertEquals(SCHEDULED, run(id).status());
        assertEquals(2, run(id).taskCount());
    }
}
