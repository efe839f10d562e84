package ppacer.api.spi;

import java.util.Objects;
import ppacer.api.Ids;

/**
 * The expansion of a mapped task in one run: how many instances ({@code load[0]} ..
 * {@code load[count - 1]}) it has. It is stored with the move to SUCCESS of the parent whose output
 * the task is mapped over, in that move's transaction and only when the move applies
 * ({@link AttemptTransition#expansions()}), so that a crash right after the parent's success neither
 * loses the instances nor makes a second, different set of them. A later success of the same parent
 * in the same run (after an operator cleared it) replaces the stored count.
 *
 * @param taskId the mapped task (its id in the DAG, without an index)
 * @param count the number of instances, 0 or more (0: the mapped task is skipped)
 */
public record TaskExpansion(String taskId, int count) {
    /** Validates. */
    public TaskExpansion {
        Objects.requireNonNull(taskId, "taskId");
        if (!Ids.isValid(taskId)) {
            throw new IllegalArgumentException("Mapped task id '" + taskId + "' is not a task id of a DAG");
        }
        if (count < 0) {
            throw new IllegalArgumentException("Expansion of task '" + taskId + "': count must be >= 0, was " + count);
        }
    }

    /**
     * The task id of one instance: the mapped task's id and the index in brackets, e.g.
     * {@code load[3]}. Brackets are not allowed in task ids of a DAG, so an instance id never names
     * a declared task; the store keeps an instance's attempts, logs and output under this id.
     *
     * @param index the instance's index, 0 ..< {@link #count()}
     * @return the instance's task id
     * @throws IndexOutOfBoundsException naming the mapped task when the index is not below the count
     */
    public String instanceId(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("Mapped task '" + taskId + "' has " + count + " instances; no index "
                    + index);
        }
        return ppacer.api.TaskMapping.instanceId(taskId, index);
    }
}
