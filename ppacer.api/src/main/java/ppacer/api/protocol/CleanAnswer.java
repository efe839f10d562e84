package ppacer.api.protocol;

import java.util.Map;

/**
 * The answer of {@code POST /maintenance/clean} and {@code ppacer db clean}: what a clean removed, or
 * for a dry run would remove.
 *
 * @param dryRun true when nothing was deleted
 * @param olderThan the age asked for (ISO-8601, e.g. {@code P30D})
 * @param dagId the DAG asked for, or null for every DAG
 * @param rows rows per table ({@code runs}, {@code attempts}, {@code logs}, {@code schedule_events})
 * @param batches transactions it took (0 for a dry run)
 * @param elapsedMillis how long it took, pauses between batches included
 */
public record CleanAnswer(boolean dryRun, String olderThan, String dagId, Map<String, Long> rows, long batches,
                          long elapsedMillis) {
    /** Copies. */
    public CleanAnswer {
        rows = Map.copyOf(rows);
    }
}
