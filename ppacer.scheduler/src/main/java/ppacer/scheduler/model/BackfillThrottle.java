package ppacer.scheduler.model;

/**
 * Why a backfill creates or starts no run now although it has work left: max-active (its own
 * limit), or the DAG's other runs waiting for a slot ahead of it.
 *
 * @param backfillId the backfill
 * @param unfinished its unfinished runs
 * @param maxActive its max-active
 * @param queuedAhead runs of the DAG that are not the backfill's and wait for a slot (they go first)
 */
public record BackfillThrottle(long backfillId, long unfinished, int maxActive, int queuedAhead) {
}
