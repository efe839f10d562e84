package ppacer.scheduler.model;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a clean removed, or for a dry run would remove.
 *
 * @param dryRun true when nothing was deleted (counts only)
 * @param rows rows per table ({@code runs}, {@code attempts}, {@code logs}, {@code schedule_events}, ...)
 * @param batches the transactions it took (0 for a dry run)
 * @param elapsed how long it took, pauses between batches included
 */
public record CleanReport(boolean dryRun, Map<String, Long> rows, long batches, Duration elapsed) {
    /** Copies, sorted by table. */
    public CleanReport {
        rows = java.util.Collections.unmodifiableMap(new TreeMap<>(rows));
    }

    /** @return the rows of every table */
    public long total() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
