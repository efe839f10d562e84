package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.DagRunStatus.FAILED;
import static ppacer.api.DagRunStatus.QUEUED;
import static ppacer.api.DagRunStatus.RUNNING;
import static ppacer.api.DagRunStatus.SUCCESS;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.attempt;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.util.List;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.TaskLogRecord;

/** Contract of {@link ppacer.api.spi.Store#purgeFinishedRunsOlderThan}. */
public interface PurgeContract extends StoreUnderTest {
    private long runWithData(long offset, ppacer.api.DagRunStatus end, long endAt) {
        long run = newRun(ETL, t(offset));
        store().attempts().insert(List.of(attempt(run, "extract", 0, t(offset)), attempt(run, "load", 0, t(offset))));
        store().taskLogs().append(List.of(new TaskLogRecord(key(run, "extract", 0), t(offset), "INFO", "a", "{}"),
                new TaskLogRecord(key(run, "extract", 0), t(offset), "INFO", "b", "{}"),
                new TaskLogRecord(key(run, "load", 0), t(offset), "INFO", "c", "{}")));
        if (end != QUEUED) {
            assertTrue(store().dagRuns().transition(run, QUEUED, end, t(endAt)));
        }
        return run;
    }

    /** Only finished runs last updated before the cutoff go, with their attempts and logs. */
    @Test
    default void purge_removes_old_finished_runs_with_attempts_and_logs() {
        long oldSuccess = runWithData(0, SUCCESS, 100);
        long oldFailed = runWithData(10, FAILED, 200);
        long restarted = runWithData(20, FAILED, 250);
        assertTrue(store().dagRuns().restart(restarted, t(260)));
        assertTrue(store().dagRuns().transition(restarted, RUNNING, FAILED, t(270)));
        long oldUnfinished = runWithData(30, RUNNING, 50);
        long recent = runWithData(40, SUCCESS, 5000);
        PurgeResult r = store().purgeFinishedRunsOlderThan(t(1000));
        assertEquals(new PurgeResult(3, 6, 9, 0), r);
        for (long gone : List.of(oldSuccess, oldFailed, restarted)) {
            assertTrue(store().dagRuns().find(gone).isEmpty(), "run " + gone);
            assertEquals(List.of(), store().attempts().latest(gone));
            assertEquals(0, store().taskLogs().read(key(gone, "extract", 0), 0, 10).total());
        }
        for (long kept : List.of(oldUnfinished, recent)) {
            assertTrue(store().dagRuns().find(kept).isPresent(), "run " + kept);
            assertEquals(2, store().attempts().latest(kept).size());
            assertEquals(2, store().taskLogs().read(key(kept, "extract", 0), 0, 10).total());
        }
        assertEquals(PurgeResult.NONE, store().purgeFinishedRunsOlderThan(t(1000)));
        long again = newRun(ETL, t(0));
        assertEquals(QUEUED, store().dagRuns().find(again).orElseThrow().status(), "a purged logical time is free again");
    }
}
