package ppacer.api.spi;

/** Why a schedule decision was made (ppacer's list). */
public enum ScheduleEventType {
    /** The next point is in the future: a regular run. */
    REGULAR,
    /** A missed point run because the DAG catches up. */
    CAUGHT_UP,
    /** A missed point skipped because the DAG does not catch up. */
    SKIPPED,
    /** A guard: more missed points than the scheduler will record. */
    OUT_OF_BAND,
    /** A run triggered by hand (API, CLI or UI). */
    MANUALLY_TRIGGERED,
    /**
     * A run created by a backfill: its logical time is a past schedule point of the backfill's range
     * (as a schedule event: the point and the backfill's next point).
     */
    BACKFILL
}
