package ppacer.api.spi;

import java.util.List;

/**
 * A task of a DAG version.
 *
 * @param taskId the task id
 * @param taskClass the task's class name
 * @param parents upstream task ids
 * @param depth depth, 1 for roots
 * @param width 1-based position at its depth
 * @param configJson the task config as JSON
 */
public record DagTaskDefinition(String taskId, String taskClass, List<String> parents, int depth, int width,
                                String configJson) {
    /** Copies the list. */
    public DagTaskDefinition {
        parents = List.copyOf(parents);
    }
}
