package ppacer.scheduler.model;

import java.util.Map;

/**
 * What retention removed since this scheduler started (timer and on-demand cleans), for metrics.
 *
 * @param deleted rows deleted per table
 * @param batches transactions run
 * @param cleans cleans finished
 */
public record RetentionStats(Map<String, Long> deleted, long batches, long cleans) {
    /** Copies. */
    public RetentionStats {
        deleted = Map.copyOf(deleted);
    }
}
