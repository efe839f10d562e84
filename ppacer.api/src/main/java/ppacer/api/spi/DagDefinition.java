package ppacer.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A DAG as synchronised into the store at startup.
 *
 * @param dagId the DAG id
 * @param description a description
 * @param tags tags
 * @param schedule the schedule's text form, empty when the DAG has none
 * @param catchUp the catch-up flag
 * @param maxActiveRuns max active runs
 * @param fingerprint structure + task classes + configs fingerprint
 * @param tasks the tasks, in topological order
 */
public record DagDefinition(String dagId, String description, List<String> tags, String schedule, boolean catchUp,
                            int maxActiveRuns, String fingerprint, List<DagTaskDefinition> tasks) {
    /** Validates and copies. */
    public DagDefinition {
        Objects.requireNonNull(dagId, "dagId");
        tags = List.copyOf(tags);
        tasks = List.copyOf(tasks);
    }
}
