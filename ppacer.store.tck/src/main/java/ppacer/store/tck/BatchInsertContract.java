package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.t;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;

/** Contract of the batch trigger's writes: {@code DagRunStore.insertAll} and {@code logicalTimes}. */
public interface BatchInsertContract extends StoreUnderTest {
    private static NewDagRun run(String dag, Instant at, DagRunStatus status, String params) {
        return new NewDagRun(dag, at, status, params, ScheduleEventType.MANUALLY_TRIGGERED, 3, t(1));
    }

    private static AuditEntry audit() {
        return new AuditEntry(t(1), "token:alice", Optional.of("10.0.0.7"), "run.trigger_batch", AuditTarget.dag(ETL),
                Optional.empty(), Optional.of("runs=3"));
    }

    /** Every run reads back with its fields; ids come in the order of the list; events and ONE audit row go with them. */
    @Test
    default void batch_insert_returns_ids_in_order_with_events_and_one_audit_row() {
        ensureStandardDags();
        // out of logical-time order on purpose: ids follow the list, not the times
        List<NewDagRun> runs = List.of(run(ETL, t(30), DagRunStatus.SCHEDULED, "{\"i\":0}"),
                run(ETL, t(10), DagRunStatus.QUEUED, "{\"i\":1}"),
                run(ETL, t(20).plus(1, ChronoUnit.MICROS), DagRunStatus.QUEUED, "{\"i\":2}"));
        List<ScheduleEvent> events = runs.stream().map(r -> new ScheduleEvent(ETL, ScheduleEventType.MANUALLY_TRIGGERED,
                Optional.of(r.logicalTime()), Optional.of(r.logicalTime()), t(1))).toList();
        List<Long> ids = store().dagRuns().insertAll(runs, events, Optional.of(audit()));
        assertEquals(3, ids.size());
        for (int i = 0; i < 3; i++) {
            DagRunRecord r = store().dagRuns().find(ids.get(i)).orElseThrow();
            assertEquals(runs.get(i).logicalTime(), r.logicalTime(), "run " + i);
            assertEquals(runs.get(i).status(), r.status(), "run " + i);
            assertEquals(runs.get(i).paramsJson(), r.paramsJson(), "run " + i);
            assertEquals(ETL, r.dagId());
            assertEquals(3, r.taskCount());
        }
        assertEquals(3, store().scheduleEvents().recent(ETL, 10).size());
        List<AuditRecord> rows = store().audit().list(AuditQuery.all(10));
        assertEquals(1, rows.size(), "one audit row per batch: " + rows);
        AuditEntry row = rows.getFirst().entry();
        assertEquals("run.trigger_batch", row.action());
        assertEquals(OptionalLong.of(ids.getFirst()), row.target().runId());
        assertEquals(Optional.of("runs=3 #" + ids.getFirst() + "..#" + ids.getLast()), row.after());
        assertEquals(List.of(t(10), t(20).plus(1, ChronoUnit.MICROS), t(30)), store().dagRuns().logicalTimes(ETL, t(0), t(60)));
        assertEquals(List.of(t(10)), store().dagRuns().logicalTimes(ETL, t(10), t(20)));
        assertEquals(List.of(), store().dagRuns().logicalTimes(REPORT, t(0), t(60)));
    }

    /** A batch with a logical time the DAG already has writes nothing: no run, no event, no audit row. */
    @Test
    default void batch_with_a_taken_logical_time_writes_nothing() {
        ensureStandardDags();
        long existing = store().dagRuns().insert(run(ETL, t(20), DagRunStatus.QUEUED, "{}"));
        List<NewDagRun> runs = List.of(run(ETL, t(10), DagRunStatus.QUEUED, "{}"), run(ETL, t(20), DagRunStatus.QUEUED, "{}"),
                run(ETL, t(30), DagRunStatus.QUEUED, "{}"));
        List<ScheduleEvent> events = List.of(new ScheduleEvent(ETL, ScheduleEventType.MANUALLY_TRIGGERED, Optional.of(t(10)),
                Optional.empty(), t(1)));
        assertThrows(DuplicateKeyException.class, () -> store().dagRuns().insertAll(runs, events, Optional.of(audit())));
        assertEquals(List.of(t(20)), store().dagRuns().logicalTimes(ETL, t(0), t(60)));
        assertEquals(existing, store().dagRuns().find(ETL, t(20)).orElseThrow().runId());
        assertEquals(List.of(), store().scheduleEvents().recent(ETL, 10));
        assertEquals(List.of(), store().audit().list(AuditQuery.all(10)));
        // the store still takes the batch once the collision is gone
        List<Long> ids = store().dagRuns().insertAll(List.of(runs.get(0), runs.get(2)), events, Optional.empty());
        assertEquals(2, ids.size());
        assertEquals(List.of(t(10), t(20), t(30)), store().dagRuns().logicalTimes(ETL, t(0), t(60)));
    }

    /** Thousands of runs of two DAGs go in one call, ids in list order and distinct. */
    @Test
    default void big_batch_of_two_dags_keeps_order() {
        ensureStandardDags();
        List<NewDagRun> runs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            runs.add(run(i % 2 == 0 ? ETL : REPORT, t(0).plus(i, ChronoUnit.MICROS), DagRunStatus.QUEUED, "{\"i\":" + i + "}"));
        }
        List<Long> ids = store().dagRuns().insertAll(runs, List.of(), Optional.empty());
        assertEquals(3000, ids.stream().distinct().count());
        for (int i : new int[] {0, 1, 1499, 2998, 2999}) {
            DagRunRecord r = store().dagRuns().find(ids.get(i)).orElseThrow();
            assertEquals("{\"i\":" + i + "}", r.paramsJson(), "run " + i);
            assertEquals(runs.get(i).dagId(), r.dagId(), "run " + i);
        }
        assertEquals(1500, store().dagRuns().logicalTimes(ETL, t(0), t(1)).size());
        assertTrue(store().dagRuns().insertAll(List.of(), List.of(), Optional.empty()).isEmpty());
    }
}
