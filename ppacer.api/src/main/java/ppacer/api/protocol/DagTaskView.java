package ppacer.api.protocol;

import java.util.List;

/**
 * One task of a DAG in {@link DagDetails#taskList()}.
 *
 * @param taskId the task
 * @param taskClass its Java class
 * @param parents its parents' ids
 * @param children its children's ids
 * @param taskPosition where the UI draws it
 * @param timeoutSeconds its timeout
 * @param retries its retries
 * @param priorityWeight its priority weight
 * @param triggerRule its trigger rule ({@code ppacer.api.TriggerRule} name; {@code ALL_SUCCESS} by default)
 * @param teardownOf the setup task it tears down, or null when it is not a teardown
 * @param retryDelay the wait before a retry, in words, e.g. {@code 1s} or {@code 2s x2.0 up to 1m, ±20% jitter}
 * @param alertOnRetry whether a failure that will be retried alerts
 * @param alertOnFailure whether the final failure alerts
 * @param definition the task's settings as the task states them ({@link ppacer.api.Task#definition()})
 * @param pool the pool whose slots its attempts hold, or null when it uses none
 * @param poolSlots how many slots of the pool an attempt holds (0 without a pool)
 * @param mapping how the task is mapped ({@code Node.mapOver}, {@code Node.mapOverItems}), or null when it
 *     is not mapped
 */
public record DagTaskView(String taskId, String taskClass, List<String> parents, List<String> children,
                          Position taskPosition, double timeoutSeconds, int retries, int priorityWeight,
                          String triggerRule, String teardownOf, String retryDelay, boolean alertOnRetry,
                          boolean alertOnFailure, String definition, String pool, int poolSlots,
                          Mapping mapping) {
    /** Copies the lists. */
    public DagTaskView {
        parents = List.copyOf(parents);
        children = List.copyOf(children);
    }

    /**
     * How a mapped task expands into instances at run time ({@code ppacer.api.TaskMapping}).
     *
     * @param parent the parent whose output (a JSON list, or its instances when it is mapped too) the
     *     task is mapped over, or null when it is mapped over a literal list
     * @param literalItems the number of items of the literal list (0 when mapped over a parent)
     * @param maxActiveInstances the most instances queued or running at once, 0 for no limit of its own
     */
    public record Mapping(String parent, int literalItems, int maxActiveInstances) {
    }

    /**
     * A task's place in the DAG's drawing.
     *
     * @param depth its longest distance from a root
     * @param width its index among the tasks of that depth
     */
    public record Position(int depth, int width) {
    }
}
