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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.ApiKeyRecord;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewBackfill;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.PurgeResult;

/**
 * Contract of the audit log: each audited write stores its row (every column read back exactly) in
 * its own transaction only when it applies: a lost compare-and-set, an unchanged pause flag, a missing
 * pool or a duplicate run writes none. The list filters by DAG, time, actor and action, pages by id,
 * newest first; the purge deletes old rows in batches.
 */
public interface AuditContract extends StoreUnderTest {
    private static AuditEntry entry(Instant at, String actor, String action, AuditTarget target) {
        return new AuditEntry(at, actor, Optional.of("10.0.0.7"), action, target, Optional.of("before ✓"), Optional.of("after"));
    }

    private List<AuditRecord> all() {
        return store().audit().list(AuditQuery.all(1000));
    }

    /** Every column is read back as written; absent ones stay absent. */
    @Test
    default void an_audit_row_is_read_back_exactly() {
        Instant micros = t(1).plusNanos(123_456_000);
        AuditTarget full = new AuditTarget(Optional.of(ETL), OptionalLong.of(7), Optional.of("load[3]"), OptionalInt.of(3),
                OptionalLong.of(9), Optional.of("warehouse"));
        AuditEntry e = entry(micros, "token:alice", "pool.set", full);
        store().pools().put(new PoolRecord("warehouse", 2, t(1), "api"), Optional.of(e));
        AuditEntry bare = new AuditEntry(t(2), "java", Optional.empty(), "pool.delete", AuditTarget.pool("warehouse"),
                Optional.empty(), Optional.empty());
        assertTrue(store().pools().delete("warehouse", Optional.of(bare)));
        List<AuditRecord> rows = all();
        assertEquals(List.of(bare, e), rows.stream().map(AuditRecord::entry).toList(), "newest first");
        assertTrue(rows.get(0).id() > rows.get(1).id());
    }

    /** Writes that change nothing record nothing. */
    @Test
    default void writes_that_do_not_apply_write_no_row() {
        ensureStandardDags();
        AuditTarget dag = AuditTarget.dag(ETL);
        assertFalse(store().pools().delete("never", Optional.of(entry(t(1), "a", "pool.delete", AuditTarget.pool("never")))));
        assertTrue(store().dags().setPaused(ETL, false, t(1), Optional.of(entry(t(1), "a", "dag.unpause", dag))),
                "the DAG exists");
        long run = newRun(ETL, t(0));
        assertFalse(store().dagRuns().restart(run, t(2), Optional.of(entry(t(2), "a", "run.restart", dag))), "not FAILED");
        assertFalse(store().attempts().transition(AttemptTransition.of(Fixtures.key(run, "extract", 0), TaskStatus.SCHEDULED,
                TaskStatus.SUCCESS, t(3)), Optional.of(entry(t(3), "a", "task.mark", dag))), "no such attempt");
        assertThrows(DuplicateKeyException.class, () -> store().dagRuns().insert(Fixtures.run(ETL, t(0)),
                Optional.of(entry(t(4), "a", "run.trigger", dag))));
        long b = store().backfills().insert(new NewBackfill(ETL, t(0), t(10), 1, BackfillReprocess.NONE, false, "{}", "api",
                t(5), Optional.of(t(0)), 3));
        assertFalse(store().backfills().setState(b, 99, BackfillState.PAUSED, t(6),
                Optional.of(entry(t(6), "a", "backfill.pause", dag))), "lost compare-and-set");
        store().attempts().insert(List.of(), Optional.of(entry(t(7), "a", "task.clear", dag)));
        assertEquals(List.of(), all());
    }

    /** Each audited write records its row when it applies; inserts fill in the new id. */
    @Test
    default void audited_writes_record_their_row_when_they_apply() {
        ensureStandardDags();
        AuditTarget dag = AuditTarget.dag(ETL);
        assertTrue(store().dags().setPaused(ETL, true, t(1), Optional.of(entry(t(1), "a", "dag.pause", dag))));
        assertTrue(store().dags().setPaused(ETL, true, t(2), Optional.of(entry(t(2), "a", "dag.pause", dag))),
                "paused again: applies, records nothing");
        long run = store().dagRuns().insert(Fixtures.run(ETL, t(0)), Optional.of(entry(t(3), "a", "run.trigger", dag)));
        store().attempts().insert(List.of(Fixtures.attempt(run, "extract", 0, t(4))),
                Optional.of(entry(t(4), "a", "task.clear", dag.withRun(run))));
        assertTrue(store().attempts().transition(AttemptTransition.of(Fixtures.key(run, "extract", 0), TaskStatus.SCHEDULED,
                TaskStatus.SUCCESS, t(5)), Optional.of(entry(t(5), "a", "task.mark", dag.withRun(run)))));
        assertTrue(store().dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.FAILED, t(6)));
        assertTrue(store().dagRuns().restart(run, t(7), Optional.of(entry(t(7), "a", "run.restart", dag.withRun(run)))));
        long b = store().backfills().insert(new NewBackfill(ETL, t(0), t(10), 1, BackfillReprocess.NONE, false, "{}", "api",
                t(8), Optional.of(t(0)), 3), Optional.of(entry(t(8), "a", "backfill.create", dag)));
        assertTrue(store().backfills().setState(b, 0, BackfillState.PAUSED, t(9),
                Optional.of(entry(t(9), "a", "backfill.pause", dag.withBackfill(b)))));
        List<AuditRecord> rows = all();
        assertEquals(List.of("backfill.pause", "backfill.create", "run.restart", "task.mark", "task.clear", "run.trigger",
                "dag.pause"), rows.stream().map(r -> r.entry().action()).toList());
        assertEquals(OptionalLong.of(run), rows.get(5).entry().target().runId(), "the insert's new run id");
        assertEquals(OptionalLong.of(b), rows.get(1).entry().target().backfillId(), "the insert's new backfill id");
    }

    /**
     * API keys and purges record their row with the write that applies: a key's insert and its
     * revocation, a purge batch that deletes; a duplicate key, the revocation of no valid key and a
     * batch that deletes nothing record none.
     */
    @Test
    default void key_writes_and_purge_batches_record_their_row_when_they_apply() {
        ensureStandardDags();
        AuditTarget none = AuditTarget.none();
        ApiKeyRecord k = new ApiKeyRecord("k1", "ci", "operator", List.of("etl_*"), "00ff", "ab".repeat(32), t(1), "admin",
                Optional.empty(), Optional.empty());
        store().apiKeys().create(k, Optional.of(entry(t(1), "a", "token.create", none)));
        assertThrows(DuplicateKeyException.class, () -> store().apiKeys().create(new ApiKeyRecord("k2", "ci", "viewer",
                List.of(), "00ff", "ab".repeat(32), t(2), "admin", Optional.empty(), Optional.empty()),
                Optional.of(entry(t(2), "a", "token.create", none))));
        assertTrue(store().apiKeys().revoke("ci", t(3), Optional.of(entry(t(3), "a", "token.revoke", none))).isPresent());
        assertEquals(Optional.empty(), store().apiKeys().revoke("ci", t(4), Optional.of(entry(t(4), "a", "token.revoke", none))),
                "revoked already");
        PurgeCriteria all = new PurgeCriteria(t(1000), Optional.of(ETL), 0, 10);
        assertEquals(PurgeResult.NONE, store().purgeRuns(all, Optional.of(entry(t(5), "a", "db.clean", AuditTarget.dag(ETL)))),
                "nothing to delete");
        long run = newRun(ETL, t(0));
        assertTrue(store().dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, t(10)));
        assertEquals(1, store().purgeRuns(all, Optional.of(entry(t(6), "a", "db.clean", AuditTarget.dag(ETL)))).runs());
        List<AuditRecord> rows = all();
        assertEquals(List.of("db.clean", "token.revoke", "token.create"), rows.stream().map(r -> r.entry().action()).toList());
        assertEquals(List.of(t(6), t(3), t(1)), rows.stream().map(r -> r.entry().at()).toList());
    }

    /** Filters combine; pages go back by id, newest first. */
    @Test
    default void the_list_filters_and_pages_newest_first() {
        for (int i = 0; i < 6; i++) {
            String dagId = i % 2 == 0 ? ETL : REPORT;
            store().pools().put(new PoolRecord("p" + i, i, t(i), "api"), Optional.of(entry(t(i * 10L),
                    i < 3 ? "token" : "anonymous:bob", i == 5 ? "pool.delete" : "pool.set", AuditTarget.dag(dagId))));
        }
        assertEquals(6, all().size());
        assertEquals(List.of(t(40), t(20), t(0)), store().audit().list(new AuditQuery(Optional.of(ETL), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), 10)).stream().map(r -> r.entry().at()).toList());
        assertEquals(List.of(t(50), t(40), t(30)), store().audit().list(new AuditQuery(Optional.empty(), Optional.of(t(30)),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), 10)).stream().map(r -> r.entry().at()).toList());
        assertEquals(List.of(t(30)), store().audit().list(new AuditQuery(Optional.of(REPORT), Optional.empty(),
                Optional.of("anonymous:bob"), Optional.of("pool.set"), OptionalLong.empty(), 10)).stream()
                .map(r -> r.entry().at()).toList());
        List<AuditRecord> first = store().audit().list(AuditQuery.all(4));
        assertEquals(List.of(t(50), t(40), t(30), t(20)), first.stream().map(r -> r.entry().at()).toList());
        List<AuditRecord> second = store().audit().list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.of(first.getLast().id()), 4));
        assertEquals(List.of(t(10), t(0)), second.stream().map(r -> r.entry().at()).toList());
    }

    /** The purge deletes rows before the cutoff, at most a batch at a time, the oldest first. */
    @Test
    default void the_purge_deletes_old_rows_in_batches() {
        for (int i = 0; i < 5; i++) {
            store().pools().put(new PoolRecord("p", i, t(i), "api"), Optional.of(entry(t(i), "a", "pool.set",
                    AuditTarget.pool("p"))));
        }
        assertEquals(3, store().audit().countOlderThan(t(3)), "the dry run's count");
        assertEquals(0, store().audit().countOlderThan(t(0)));
        assertEquals(2, store().audit().purgeOlderThan(t(3), 2));
        assertEquals(List.of(t(4), t(3), t(2)), all().stream().map(r -> r.entry().at()).toList());
        assertEquals(1, store().audit().countOlderThan(t(3)));
        assertEquals(1, store().audit().purgeOlderThan(t(3), 2));
        assertEquals(0, store().audit().purgeOlderThan(t(3), 2));
        assertEquals(List.of(t(4), t(3)), all().stream().map(r -> r.entry().at()).toList());
        assertThrows(IllegalArgumentException.class, () -> store().audit().purgeOlderThan(t(3), 0));
    }
}
