package ppacer.api.spi;

/**
 * What a purge deleted (or, for a dry run, would delete).
 *
 * @param runs DAG runs deleted
 * @param attempts task attempts deleted
 * @param logs task log records deleted
 * @param scheduleEvents schedule events deleted
 */
public record PurgeResult(long runs, long attempts, long logs, long scheduleEvents) {
    /** Nothing deleted. */
    public static final PurgeResult NONE = new PurgeResult(0, 0, 0, 0);

    /**
     * @param other another result
     * @return the sums
     */
    public PurgeResult plus(PurgeResult other) {
        return new PurgeResult(runs + other.runs, attempts + other.attempts, logs + other.logs,
                scheduleEvents + other.scheduleEvents);
    }
}
