package ppacer.scheduler.core;

import java.util.List;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;
import ppacer.api.spi.TaskExpansion;

/**
 * How many instances a mapped task gets from its parent's output, and the item of each: the output
 * must be one JSON list of at most {@code maxItems} items. Computed once, when the parent's SUCCESS
 * is reported, and stored with that SUCCESS ({@link ppacer.api.spi.AttemptTransition#expansions()});
 * an instance's item is read again from the STORED output, so a restart or a recovery never
 * recomputes the list.
 */
public final class Expansions {
    /** The default and the most {@code maxItems}: 1,024 items per expansion. */
    public static final int DEFAULT_MAX_ITEMS = ppacer.api.TaskMapping.DEFAULT_MAX_ITEMS;
    /** Nesting accepted inside a list's items (the list being level 1), as for run parameters. */
    static final int MAX_DEPTH = 64;

    private Expansions() {
    }

    /**
     * The expansion of {@code mappedTaskId} over the output of {@code parentId}.
     *
     * @param parentId the task whose output the mapped task is mapped over
     * @param mappedTaskId the mapped task
     * @param output the parent's output, absent when it stored none
     * @param maxItems the most items accepted
     * @return the expansion (a count of 0 for an empty list: the mapped task is then SKIPPED)
     * @throws TaskOutputException naming the parent, the mapped task and what is wrong (no output,
     *     not a JSON list, or more items than {@code maxItems}, with the count and the limit): the
     *     parent's attempt fails with this message
     */
    public static TaskExpansion of(String parentId, String mappedTaskId, java.util.Optional<TaskOutput> output,
                                   int maxItems) {
        List<String> items = items(parentId, mappedTaskId, output, maxItems);
        if (items.size() > maxItems) {
            int total = items(parentId, mappedTaskId, output, Integer.MAX_VALUE - 1).size();
            throw new TaskOutputException("Task '" + parentId + "' returned a list of " + total + " items for mapped"
                    + " task '" + mappedTaskId + "'; the limit is " + maxItems + " items per expansion (maxMapItems)");
        }
        return new TaskExpansion(mappedTaskId, items.size());
    }

    /**
     * The items of a parent's stored output, each as its JSON text (the instances' items).
     *
     * @param parentId the task whose output the mapped task is mapped over
     * @param mappedTaskId the mapped task
     * @param output the parent's stored output
     * @return the items
     * @throws TaskOutputException when the output is not a JSON list
     */
    public static List<String> items(String parentId, String mappedTaskId, java.util.Optional<TaskOutput> output) {
        return items(parentId, mappedTaskId, output, Integer.MAX_VALUE - 1);
    }

    /**
     * The item of one instance, read from the parent's stored output.
     *
     * @param parentId the task whose output the mapped task is mapped over
     * @param mappedTaskId the mapped task
     * @param output the parent's stored output
     * @param index the instance's index, 0 ..< the stored count
     * @return the item's JSON text
     * @throws TaskOutputException when the output is not a JSON list or has no such index
     */
    public static String item(String parentId, String mappedTaskId, java.util.Optional<TaskOutput> output, int index) {
        if (index < 0) {
            throw new TaskOutputException("Instance index of mapped task '" + mappedTaskId + "' must be >= 0, was " + index);
        }
        List<String> items = items(parentId, mappedTaskId, output, index);
        if (index >= items.size()) {
            throw new TaskOutputException("Task '" + parentId + "' output has " + items.size() + " items; mapped task '"
                    + mappedTaskId + "' has no item " + index);
        }
        return items.get(index);
    }

    private static List<String> items(String parentId, String mappedTaskId, java.util.Optional<TaskOutput> output,
                                      int maxItems) {
        String what = "Task '" + parentId + "' must return a JSON list for mapped task '" + mappedTaskId + "'";
        if (output.isEmpty()) {
            throw new TaskOutputException(what + ", but it returned no output");
        }
        TaskOutput o = output.get();
        if (!o.isJson()) {
            throw new TaskOutputException(what + ", but its output is " + o.contentType() + " (" + o.size() + " bytes)");
        }
        try {
            return Json.listItems(o.text(), MAX_DEPTH, maxItems);
        } catch (IllegalArgumentException e) {
            throw new TaskOutputException(what + ": " + e.getMessage(), e);
        }
    }
}
