package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.attempt;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.BackfillStep;
import ppacer.api.spi.NewBackfill;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.TaskLogRecord;

/**
 * Contract of the batched purges ({@link ppacer.api.spi.Store#purgeRuns}, {@link ppacer.api.spi.Store#purgeLogs} and
 * their dry-run counts): the criteria (DAG, age, keep the latest N per DAG) take only finished runs outside
 * active backfills, a call takes at most one batch, and a dry run counts exactly what the batches then delete.
 */
public interface RetentionContract extends StoreUnderTest {
    /** A run at {@code logical} seconds with two attempts and three log lines, finished at {@code endAt} unless QUEUED. */
    private long finishedRun(String dag, long logical, DagRunStatus end, long endAt) {
        long run = newRun(dag, t(logical));
        fill(run, logical, end, endAt);
        return run;
    }

    private void fill(long run, long logical, DagRunStatus end, long endAt) {
        store().attempts().insert(List.of(attempt(run, "extract", 0, t(logical)), attempt(run, "load", 0, t(logical))));
        store().taskLogs().append(List.of(new TaskLogRecord(key(run, "extract", 0), t(logical), "INFO", "a", "{}"),
                new TaskLogRecord(key(run, "extract", 0), t(logical), "INFO", "b", "{}"),
                new TaskLogRecord(key(run, "load", 0), t(logical), "INFO", "c", "{}")));
        if (end != DagRunStatus.QUEUED) {
            assertTrue(store().dagRuns().transition(run, DagRunStatus.QUEUED, end, t(endAt)));
        }
    }

    private static PurgeCriteria criteria(long olderThan, Optional<String> dag, int keep, int batch) {
        return new PurgeCriteria(t(olderThan), dag, keep, batch);
    }

    private PurgeResult purgeAll(PurgeCriteria c, List<Long> batchRuns) {
        PurgeResult total = PurgeResult.NONE;
        while (true) {
            PurgeResult b = store().purgeRuns(c);
            if (b.runs() == 0 && b.scheduleEvents() == 0) {
                return total;
            }
            assertTrue(b.runs() <= c.batchSize() && b.scheduleEvents() <= c.batchSize(), "one batch at most: " + b);
            batchRuns.add(b.runs());
            total = total.plus(b);
        }
    }

    private boolean exists(long run) {
        return store().dagRuns().find(run).isPresent();
    }

    /** Unfinished and recent runs stay; the rest go in batches of the given size, and the dry run counted them. */
    @Test
    default void purge_runs_takes_old_finished_runs_in_batches_and_the_dry_run_counts_them() {
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(finishedRun(ETL, i * 10, i % 2 == 0 ? DagRunStatus.SUCCESS : DagRunStatus.FAILED, 100 + i));
        }
        long running = finishedRun(ETL, 60, DagRunStatus.RUNNING, 100);
        long queued = finishedRun(ETL, 70, DagRunStatus.QUEUED, 0);
        long recent = finishedRun(ETL, 80, DagRunStatus.SUCCESS, 5000);
        PurgeCriteria c = criteria(1000, Optional.empty(), 0, 2);
        PurgeResult counted = store().countPurgeableRuns(c);
        assertEquals(new PurgeResult(5, 10, 15, 0), counted);
        assertEquals(15, store().countPurgeableLogs(c));
        assertTrue(old.stream().allMatch(this::exists), "a dry run deletes nothing");
        List<Long> batches = new ArrayList<>();
        assertEquals(counted, purgeAll(c, batches));
        assertEquals(List.of(2L, 2L, 1L), batches);
        assertTrue(old.stream().noneMatch(this::exists));
        for (long kept : List.of(running, queued, recent)) {
            assertTrue(exists(kept), "run " + kept);
            assertEquals(2, store().attempts().latest(kept).size());
            assertEquals(2, store().taskLogs().read(key(kept, "extract", 0), 0, 10).total());
        }
        assertEquals(PurgeResult.NONE, store().countPurgeableRuns(c));
    }

    /** The latest N runs of each DAG (by logical time) stay, whatever their age; the DAG filter leaves other DAGs alone. */
    @Test
    default void purge_runs_keeps_the_latest_n_per_dag_and_honours_the_dag_filter() {
        List<Long> etl = new ArrayList<>();
        List<Long> report = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            etl.add(finishedRun(ETL, i * 10, DagRunStatus.SUCCESS, 100));
            report.add(finishedRun(REPORT, i * 10, DagRunStatus.SUCCESS, 100));
        }
        PurgeCriteria onlyEtl = criteria(1000, Optional.of(ETL), 3, 10);
        assertEquals(1, store().countPurgeableRuns(onlyEtl).runs());
        assertEquals(1, store().purgeRuns(onlyEtl).runs());
        assertEquals(List.of(false, true, true, true), etl.stream().map(this::exists).toList());
        assertTrue(report.stream().allMatch(this::exists), "another DAG's runs stay");
        PurgeCriteria keepFive = criteria(1000, Optional.empty(), 5, 10);
        assertEquals(PurgeResult.NONE, store().countPurgeableRuns(keepFive), "fewer than 5 runs per DAG: all kept");
        assertEquals(0, store().purgeRuns(keepFive).runs());
        assertEquals(3, store().purgeRuns(criteria(1000, Optional.empty(), 2, 10)).runs());
        assertEquals(List.of(false, false, true, true), etl.stream().map(this::exists).toList());
        assertEquals(List.of(false, false, true, true), report.stream().map(this::exists).toList());
    }

    /** Runs of a RUNNING or PAUSED backfill stay; once the backfill is terminal they go like any other. */
    @Test
    default void purge_runs_spares_the_runs_of_an_active_backfill() {
        ensureStandardDags();
        long bf = store().backfills().insert(new NewBackfill(ETL, t(0), t(300), 2, BackfillReprocess.NONE, false, "{}",
                "cli", t(1), Optional.of(t(0)), 2));
        OptionalLong run = store().backfills().advance(bf, 0, new BackfillStep.Create(new NewDagRun(ETL, t(0),
                DagRunStatus.QUEUED, "{}", ScheduleEventType.BACKFILL, 2, t(2))), Optional.of(t(100)), t(2));
        long backfilled = run.orElseThrow();
        fill(backfilled, 0, DagRunStatus.SUCCESS, 100);
        long plain = finishedRun(ETL, 500, DagRunStatus.SUCCESS, 100);
        PurgeCriteria c = criteria(1000, Optional.empty(), 0, 10);
        assertEquals(1, store().countPurgeableRuns(c).runs());
        assertEquals(1, store().purgeRuns(c).runs());
        assertTrue(exists(backfilled) && !exists(plain));
        assertTrue(store().backfills().setState(bf, 1, BackfillState.PAUSED, t(3)));
        assertEquals(0, store().purgeRuns(c).runs(), "a paused backfill is still active");
        assertEquals(0, store().purgeLogs(c), "and its runs' logs stay too");
        assertTrue(store().backfills().setState(bf, 2, BackfillState.CANCELLED, t(4)));
        assertEquals(1, store().purgeRuns(c).runs());
        assertTrue(!exists(backfilled));
    }

    /** Log purges delete the logs of old finished runs in batches of runs and keep the runs and attempts. */
    @Test
    default void purge_logs_keeps_runs_and_attempts() {
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(finishedRun(ETL, i * 10, DagRunStatus.SUCCESS, 100));
        }
        long running = finishedRun(ETL, 50, DagRunStatus.RUNNING, 100);
        PurgeCriteria c = criteria(1000, Optional.empty(), 0, 2);
        assertEquals(9, store().countPurgeableLogs(c));
        assertEquals(6, store().purgeLogs(c), "two runs of three lines");
        assertEquals(3, store().purgeLogs(c));
        assertEquals(0, store().purgeLogs(c));
        assertEquals(0, store().countPurgeableLogs(c));
        for (long r : old) {
            assertTrue(exists(r));
            assertEquals(2, store().attempts().latest(r).size());
            assertEquals(0, store().taskLogs().read(key(r, "extract", 0), 0, 10).total());
        }
        assertEquals(2, store().taskLogs().read(key(running, "extract", 0), 0, 10).total());
    }

    /** Schedule events older than the cutoff go in batches, except the latest of each DAG. */
    @Test
    default void purge_runs_takes_old_schedule_events_but_the_latest_per_dag() {
        ensureStandardDags();
        List<ScheduleEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new ScheduleEvent(ETL, ScheduleEventType.REGULAR, Optional.of(t(i)), Optional.of(t(i + 1)), t(i)));
        }
        events.add(new ScheduleEvent(REPORT, ScheduleEventType.REGULAR, Optional.of(t(0)), Optional.of(t(1)), t(0)));
        events.add(new ScheduleEvent(ETL, ScheduleEventType.REGULAR, Optional.of(t(2000)), Optional.empty(), t(2000)));
        store().scheduleEvents().insert(events);
        PurgeCriteria c = criteria(1000, Optional.empty(), 0, 2);
        assertEquals(3, store().countPurgeableRuns(c).scheduleEvents());
        assertEquals(2, store().purgeRuns(c).scheduleEvents());
        assertEquals(1, store().purgeRuns(c).scheduleEvents());
        assertEquals(0, store().purgeRuns(c).scheduleEvents());
        assertEquals(List.of(t(2000)), store().scheduleEvents().recent(ETL, 10).stream()
                .map(ScheduleEvent::createdAt).toList());
        assertEquals(1, store().scheduleEvents().recent(REPORT, 10).size(), "the only event of a DAG stays");
    }
}
