package ppacer.api.spi;

/** Why a schedule decision was made (ppacer's list). */
public enum ScheduleEventType {
    /** The next point is in the future: a regular run. */
    REGULAR,
    /** A missed point run because the DAG catches up. */
    CAUGHT_UP,
    /**
     * A missed point skipped because the DAG does not catch up, or because it is older than the DAG's
     * catch-up window.
     */
    SKIPPED,
    /** A guard: more missed points than the scheduler will record. */
    OUT_OF_BAND,
    /** A run triggered by hand (API, CLI or UI). */
    MANUALLY_TRIGGERED,
    /**
     * A point that got no run because of the DAG's overlap policy: SKIP with a previous run
     * unfinished, BUFFER_ONE with a run already waiting, or CANCEL_OTHER for a missed point that a
     * later point of the same pass replaces.
     */
    OVERLAP_SKIPPED,
    /** A point whose run waits QUEUED until the unfinished one ends (overlap policy BUFFER_ONE). */
    OVERLAP_BUFFERED,
    /**
     * An unfinished run cancelled for a new point (overlap policy CANCEL_OTHER): scheduledAt is the
     * cancelled run's logical time, nextAt the point whose run replaces it.
     */
    OVERLAP_CANCELLED,
    /**
     * A run created by a backfill: its logical time is a past schedule point of the backfill's range
     * (as a schedule event: the point and the backfill's next point).
     */
    BACKFILL,
    /** A run created because the DAG's asset condition held on the asset events it had not consumed. */
    ASSET_TRIGGERED
}
