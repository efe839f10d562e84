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
 */
public record DagTaskView(String taskId, String taskClass, List<String> parents, List<String> children,
                          Position taskPosition, double timeoutSeconds, int retries, int priorityWeight,
                          String triggerRule, String teardownOf, String retryDelay, boolean alertOnRetry,
                          boolean alertOnFailure, String definition, String pool, int poolSlots) {
    /** Copies the lists. */
    public DagTaskView {
        parents = List.copyOf(parents);
        children = List.copyOf(children);
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
