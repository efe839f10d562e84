package ppacer.scheduler.model;

import ppacer.api.spi.BackfillRecord;

/**
 * A backfill with the progress of its runs.
 *
 * @param backfill the stored backfill
 * @param runsSucceeded its runs that are SUCCESS
 * @param runsFailed its runs that are FAILED
 * @param runsUnfinished its runs not finished yet
 * @param dagPaused whether its DAG is paused now (a backfill of a paused DAG waits)
 */
public record BackfillProgress(BackfillRecord backfill, long runsSucceeded, long runsFailed, long runsUnfinished,
                               boolean dagPaused) {
    /** @return points done: skipped, or whose run finished */
    public long done() {
        return backfill.skipped() + runsSucceeded + runsFailed;
    }
}
