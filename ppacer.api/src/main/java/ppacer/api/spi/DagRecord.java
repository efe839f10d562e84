package ppacer.api.spi;

import java.time.Instant;
import java.util.List;

/**
 * A stored DAG.
 *
 * @param dagId the DAG id
 * @param description description
 * @param tags tags
 * @param schedule schedule text, empty when none
 * @param catchUp catch-up flag
 * @param maxActiveRuns max active runs
 * @param fingerprint current fingerprint
 * @param version current task version, 1 for the first
 * @param active false when the DAG disappeared from the registry
 * @param paused true when paused by an operator (persists across restarts)
 * @param createdAt first seen
 * @param updatedAt last change
 */
public record DagRecord(String dagId, String description, List<String> tags, String schedule, boolean catchUp,
                        int maxActiveRuns, String fingerprint, int version, boolean active, boolean paused,
                        Instant createdAt, Instant updatedAt) {
    /** Copies the list. */
    public DagRecord {
        tags = List.copyOf(tags);
    }
}
