package ppacer.api.spi;

import java.util.List;

/**
 * A stored task of one DAG version.
 *
 * @param dagId the DAG id
 * @param version the DAG version the task belongs to
 * @param taskId the task id
 * @param taskClass the task class name
 * @param parents upstream task ids
 * @param depth depth
 * @param width width position
 * @param configJson the config as JSON
 */
public record DagTaskRecord(String dagId, int version, String taskId, String taskClass, List<String> parents,
                            int depth, int width, String configJson) {
    /** Copies the list. */
    public DagTaskRecord {
        parents = List.copyOf(parents);
    }
}
