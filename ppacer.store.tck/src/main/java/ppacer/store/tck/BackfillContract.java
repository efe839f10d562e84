package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.t;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.BackfillRecord;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.BackfillStep;
import ppacer.api.spi.BackfillStore;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewBackfill;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;

/**
 * Contract of {@link BackfillStore}: a backfill reads back as inserted; state changes and cursor
 * moves are compare-and-set on the version; a step (create, rerun, skip) and the cursor's move are
 * one transaction (a refused step writes neither, a duplicate run leaves the cursor where it was);
 * runs created or rerun are tagged and counted per status.
 */
public interface BackfillContract extends StoreUnderTest {
    private BackfillStore backfills() {
        return store().backfills();
    }

    private long newBackfill(String dagId, BackfillReprocess reprocess, Optional<Instant> cursor) {
        ensureStandardDags();
        return backfills().insert(new NewBackfill(dagId, t(0), t(300), 2, reprocess, false, "{\"k\":\"v ✓\"}", "cli",
                t(1000), cursor, 4));
    }

    private static NewDagRun backfillRun(String dagId, Instant logicalTime) {
        return new NewDagRun(dagId, logicalTime, DagRunStatus.QUEUED, "{\"k\":\"v ✓\"}", ScheduleEventType.BACKFILL, 3,
                t(1001));
    }

    /** Every field reads back; a new backfill is RUNNING at version 0 with zero counts. */
    @Test
    default void a_backfill_reads_back_as_inserted() {
        long id = newBackfill(ETL, BackfillReprocess.FAILED, Optional.of(t(0)));
        BackfillRecord b = backfills().find(id).orElseThrow();
        assertEquals(new BackfillRecord(id, ETL, t(0), t(300), 2, BackfillReprocess.FAILED, false, "{\"k\":\"v ✓\"}", "cli",
                t(1000), BackfillState.RUNNING, Optional.of(t(0)), 4, 0, 0, 0, 0, t(1000)), b);
        long none = backfills().insert(new NewBackfill(REPORT, t(0), t(10), 1, BackfillReprocess.NONE, true, "{}", "api",
                t(1000), Optional.empty(), 0));
        assertEquals(Optional.empty(), backfills().find(none).orElseThrow().cursor());
        assertTrue(backfills().find(none).orElseThrow().reverse());
        assertEquals(Optional.empty(), backfills().find(none + 1000));
    }

    /** list filters by DAG and state, newest first. */
    @Test
    default void list_filters_by_dag_and_state_newest_first() {
        long a = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(0)));
        long b = newBackfill(REPORT, BackfillReprocess.NONE, Optional.of(t(0)));
        long c = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(0)));
        assertTrue(backfills().setState(c, 0, BackfillState.CANCELLED, t(1001)));
        assertEquals(List.of(c, b, a), backfills().list(Optional.empty(), Set.of()).stream().map(BackfillRecord::id).toList());
        assertEquals(List.of(c, a), backfills().list(Optional.of(ETL), Set.of()).stream().map(BackfillRecord::id).toList());
        assertEquals(List.of(a), backfills().list(Optional.of(ETL), Set.of(BackfillState.RUNNING, BackfillState.PAUSED))
                .stream().map(BackfillRecord::id).toList());
        assertEquals(List.of(), backfills().list(Optional.of("nosuch"), Set.of()));
    }

    /** setState applies only at the expected version; the version grows by one per change. */
    @Test
    default void set_state_is_compare_and_set_on_the_version() {
        long id = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(0)));
        assertTrue(backfills().setState(id, 0, BackfillState.PAUSED, t(1001)));
        assertFalse(backfills().setState(id, 0, BackfillState.CANCELLED, t(1002)), "stale version");
        BackfillRecord b = backfills().find(id).orElseThrow();
        assertEquals(BackfillState.PAUSED, b.state());
        assertEquals(1, b.version());
        assertEquals(t(1001), b.updatedAt());
    }

    /** A create step inserts the tagged run, moves the cursor and counts it, in one transaction. */
    @Test
    default void a_create_step_inserts_a_tagged_run_and_moves_the_cursor() {
        long id = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(0)));
        OptionalLong run = backfills().advance(id, 0, new BackfillStep.Create(backfillRun(ETL, t(0))), Optional.of(t(100)),
                t(1001));
        assertTrue(run.isPresent());
        DagRunRecord r = store().dagRuns().find(run.getAsLong()).orElseThrow();
        assertEquals(ScheduleEventType.BACKFILL, r.trigger());
        assertEquals("{\"k\":\"v ✓\"}", r.paramsJson());
        assertEquals(OptionalLong.of(id), backfills().backfillOf(run.getAsLong()));
        assertEquals(OptionalLong.of(id), r.backfillId(), "the run record carries its tag");
        assertEquals(List.of(r), store().dagRuns().unfinished().stream().filter(u -> u.runId() == r.runId()).toList());
        BackfillRecord b = backfills().find(id).orElseThrow();
        assertEquals(Optional.of(t(100)), b.cursor());
        assertEquals(1, b.created());
        assertEquals(1, b.version());
        assertEquals(Map.of(DagRunStatus.QUEUED, 1L), backfills().runCounts(id));
        assertEquals(List.of(new ScheduleEvent(ETL, ScheduleEventType.BACKFILL, Optional.of(t(0)), Optional.of(t(100)),
                t(1001))), store().scheduleEvents().recent(ETL, 10), "the audit log has the decision");
        long untagged = newRun(ETL, t(5000));
        assertEquals(OptionalLong.empty(), backfills().backfillOf(untagged), "an untagged run");
        assertEquals(OptionalLong.empty(), store().dagRuns().find(untagged).orElseThrow().backfillId());
        assertEquals(OptionalLong.empty(), backfills().backfillOf(999_999L), "an unknown run");
    }

    /** A stale version, or a backfill no longer RUNNING, writes nothing (no run either). */
    @Test
    default void a_step_at_a_stale_version_or_when_not_running_writes_nothing() {
        long id = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(0)));
        assertEquals(OptionalLong.empty(), backfills().advance(id, 7, new BackfillStep.Create(backfillRun(ETL, t(0))),
                Optional.of(t(100)), t(1001)));
        assertTrue(backfills().setState(id, 0, BackfillState.PAUSED, t(1001)));
        assertEquals(OptionalLong.empty(), backfills().advance(id, 1, new BackfillStep.Create(backfillRun(ETL, t(0))),
                Optional.of(t(100)), t(1001)));
        assertEquals(Optional.empty(), store().dagRuns().find(ETL, t(0)));
        BackfillRecord b = backfills().find(id).orElseThrow();
        assertEquals(Optional.of(t(0)), b.cursor());
        assertEquals(0, b.created());
        assertEquals(List.of(), store().scheduleEvents().recent(ETL, 10), "no event either");
    }

    /** A create step at a logical time that has a run throws DuplicateKeyException and leaves the cursor. */
    @Test
    default void a_duplicate_run_leaves_the_cursor_where_it_was() {
        long id = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(0)));
        long existing = newRun(ETL, t(0));
        assertThrows(DuplicateKeyException.class, () -> backfills().advance(id, 0,
                new BackfillStep.Create(backfillRun(ETL, t(0))), Optional.of(t(100)), t(1001)));
        BackfillRecord b = backfills().find(id).orElseThrow();
        assertEquals(Optional.of(t(0)), b.cursor());
        assertEquals(0, b.version());
        assertEquals(OptionalLong.empty(), backfills().backfillOf(existing));
    }

    /** A rerun restarts a finished run (counter, restart row), tags it; a run in another status is refused. */
    @Test
    default void a_rerun_restarts_and_tags_a_finished_run_only() {
        long id = newBackfill(ETL, BackfillReprocess.ALL, Optional.of(t(0)));
        long failed = newRun(ETL, t(0));
        assertTrue(store().dagRuns().transition(failed, DagRunStatus.QUEUED, DagRunStatus.FAILED, t(10)));
        long running = newRun(ETL, t(100));
        assertTrue(store().dagRuns().transition(running, DagRunStatus.QUEUED, DagRunStatus.RUNNING, t(110)));

        assertEquals(OptionalLong.of(failed), backfills().advance(id, 0, new BackfillStep.Rerun(failed, DagRunStatus.FAILED),
                Optional.of(t(100)), t(1001)));
        DagRunRecord r = store().dagRuns().find(failed).orElseThrow();
        assertEquals(DagRunStatus.RUNNING, r.status());
        assertEquals(1, r.restarts());
        assertEquals(Optional.empty(), r.finishedAt());
        assertEquals(OptionalLong.of(id), backfills().backfillOf(failed));
        assertEquals(OptionalLong.of(id), r.backfillId(), "a rerun run is the backfill's now");

        assertEquals(OptionalLong.empty(), backfills().advance(id, 1, new BackfillStep.Rerun(running, DagRunStatus.SUCCESS),
                Optional.of(t(200)), t(1002)), "not SUCCESS");
        BackfillRecord b = backfills().find(id).orElseThrow();
        assertEquals(Optional.of(t(100)), b.cursor());
        assertEquals(1, b.rerun());
        assertEquals(1, b.version());
        assertEquals(OptionalLong.empty(), backfills().backfillOf(running));
        assertEquals(Map.of(DagRunStatus.RUNNING, 1L), backfills().runCounts(id));
        // a second restart of the same run gets the next restart number
        assertTrue(store().dagRuns().transition(failed, DagRunStatus.RUNNING, DagRunStatus.SUCCESS, t(20)));
        assertEquals(OptionalLong.of(failed), backfills().advance(id, 1, new BackfillStep.Rerun(failed, DagRunStatus.SUCCESS),
                Optional.of(t(200)), t(1003)));
        assertEquals(2, store().dagRuns().find(failed).orElseThrow().restarts());
    }

    /** A skip moves the cursor (to empty at the end) and counts it, nothing else. */
    @Test
    default void a_skip_moves_the_cursor_and_counts() {
        long id = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(0)));
        assertEquals(OptionalLong.of(0), backfills().advance(id, 0, new BackfillStep.Skip(), Optional.empty(), t(1001)));
        BackfillRecord b = backfills().find(id).orElseThrow();
        assertEquals(Optional.empty(), b.cursor());
        assertEquals(1, b.skipped());
        assertEquals(1, b.processed());
        assertEquals(Map.of(), backfills().runCounts(id));
    }

    /** The schedule's position ignores runs created by backfills, not runs a backfill reran. */
    @Test
    default void the_latest_run_outside_backfills_ignores_backfill_runs() {
        long id = newBackfill(ETL, BackfillReprocess.NONE, Optional.of(t(500)));
        assertEquals(Optional.empty(), backfills().latestOutsideBackfills(ETL));
        newRun(ETL, t(100));
        assertEquals(Optional.of(t(100)), backfills().latestOutsideBackfills(ETL));
        backfills().advance(id, 0, new BackfillStep.Create(backfillRun(ETL, t(500))), Optional.empty(), t(1001));
        assertEquals(Optional.of(t(100)), backfills().latestOutsideBackfills(ETL));
        assertEquals(t(500), store().dagRuns().latest(ETL).orElseThrow().logicalTime());
        assertEquals(Optional.empty(), backfills().latestOutsideBackfills(REPORT));
    }
}
