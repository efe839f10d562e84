package ppacer.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Dynamic task mapping: a task declared with {@link Node#mapOver(String)} or
 * {@link Node#mapOverItems(List)} runs as N instances, one per item of a list known at run time.
 *
 * <p>At run time the mapped task {@code load} expands into the instances {@code load[0]},
 * {@code load[1]}, ... (ids from {@link #instanceId}), each with its own attempts, retries, logs and
 * output; an instance reads its item with {@link TaskContext#mapItem(Class)} and its index with
 * {@link TaskContext#mapIndex()}. The mapped task is one node of the graph whose status sums up its
 * instances: RUNNING while any runs, SUCCESS when all succeeded, FAILED when all are done and one
 * failed after its retries (SKIPPED when all skipped themselves); its children's trigger rules read
 * that status. A child reads the outputs of all instances, in index order, as a list:
 * {@code ctx.inputList("load", T.class)} (an instance without a JSON output is {@code null} there).
 * An empty list makes the mapped task SKIPPED (its children follow their rules).
 *
 * <p>The number of instances is decided once, when the parent whose output the task is mapped over
 * succeeds, and stored with that success; a list larger than the scheduler's {@code maxMapItems}
 * (default {@value #DEFAULT_MAX_ITEMS}) fails the parent with a message naming the task, the count and
 * the limit. A task mapped over another mapped task gets one instance per instance of it, each with
 * that instance's output as its item (map, then map again, then reduce).
 */
public sealed interface TaskMapping permits TaskMapping.OverOutput, TaskMapping.OverItems {
    /** The default and the largest literal list: 1,024 items. */
    int DEFAULT_MAX_ITEMS = 1024;

    /**
     * Mapped over the output of a direct parent: a JSON list, one instance per item; or, when the
     * parent is itself mapped, one instance per instance of it.
     *
     * @param parentId the parent's task id
     * @param maxActiveInstances the most instances queued or running at once, 0 for no limit of its own
     */
    record OverOutput(String parentId, int maxActiveInstances) implements TaskMapping {
        /** Validates. */
        public OverOutput {
            if (!Ids.isValid(parentId)) {
                throw new DagDefinitionException("A task can be mapped over a parent's task id; '" + parentId
                        + "' is not one: expected " + Ids.describeRule());
            }
            checkLimit(maxActiveInstances);
        }

        /** @param parentId the parent's task id (no limit of its own on active instances) */
        public OverOutput(String parentId) {
            this(parentId, 0);
        }

        @Override
        public TaskMapping withMaxActiveInstances(int value) {
            return new OverOutput(parentId, value);
        }

        @Override
        public String describe() {
            return "over '" + parentId + "'";
        }
    }

    /**
     * Mapped over a list given in the DAG: one instance per item, whose item is the string (a JSON
     * string for {@link TaskContext#mapItem(Class)}).
     *
     * @param items the items, at most {@value #DEFAULT_MAX_ITEMS}
     * @param maxActiveInstances the most instances queued or running at once, 0 for no limit of its own
     */
    record OverItems(List<String> items, int maxActiveInstances) implements TaskMapping {
        /** Copies and validates. */
        public OverItems {
            items = List.copyOf(items);
            if (items.size() > DEFAULT_MAX_ITEMS) {
                throw new DagDefinitionException("A literal list to map over has at most " + DEFAULT_MAX_ITEMS
                        + " items, not " + items.size());
            }
            checkLimit(maxActiveInstances);
        }

        /** @param items the items (no limit of its own on active instances) */
        public OverItems(List<String> items) {
            this(items, 0);
        }

        @Override
        public TaskMapping withMaxActiveInstances(int value) {
            return new OverItems(items, value);
        }

        @Override
        public String describe() {
            return "over " + items.size() + " items";
        }
    }

    /** @return what the task is mapped over, for messages */
    String describe();

    /**
     * @return the most instances of the mapped task queued or running at once (the others wait for
     *     them); 0 when only the DAG's {@code maxActiveTasks} bounds them
     */
    int maxActiveInstances();

    /**
     * @param value the most instances queued or running at once, 0 for no limit of its own
     * @return this mapping with that limit
     */
    TaskMapping withMaxActiveInstances(int value);

    private static void checkLimit(int maxActiveInstances) {
        if (maxActiveInstances < 0) {
            throw new DagDefinitionException("maxActiveInstances must be 0 (no limit of its own) or more, was "
                    + maxActiveInstances);
        }
    }

    /**
     * @param taskId a mapped task
     * @param index an instance index, 0 or more
     * @return the instance's task id, e.g. {@code load[3]}
     */
    static String instanceId(String taskId, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Instance index of task '" + taskId + "' must be >= 0, was " + index);
        }
        return Objects.requireNonNull(taskId, "taskId") + "[" + index + "]";
    }

    /**
     * @param id a task id as reported or handed out
     * @return the mapped task of an instance id ({@code load} of {@code load[3]}); empty for any other id
     */
    static Optional<String> mappedTaskOf(String id) {
        int open = id.lastIndexOf('[');
        return open > 0 && indexOf(id).isPresent() ? Optional.of(id.substring(0, open)) : Optional.empty();
    }

    /**
     * @param id a task id as reported or handed out
     * @return the index of an instance id (3 for {@code load[3]}); empty for any other id
     */
    static OptionalInt indexOf(String id) {
        int open = id.lastIndexOf('[');
        if (open <= 0 || !id.endsWith("]") || open + 2 > id.length() - 1 || id.length() - open > 12) {
            return OptionalInt.empty();
        }
        String digits = id.substring(open + 1, id.length() - 1);
        if (!digits.chars().allMatch(Character::isDigit) || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return OptionalInt.empty();
        }
        long v = Long.parseLong(digits);
        return v > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) v);
    }
}
