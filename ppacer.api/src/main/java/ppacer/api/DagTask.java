package ppacer.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a built DAG, with its place in the graph.
 *
 * @param task the task
 * @param config its effective config (its own, or the DAG's default)
 * @param parents ids of upstream tasks, in topological order
 * @param children ids of downstream tasks, in topological order
 * @param depth the task's deepest level, 1 for roots (longest path from a root, plus one)
 * @param width 1-based position among the tasks at the same depth
 * @param order position in the DAG's topological order, 0-based
 * @param teardown present when the task is the teardown of a setup task ({@link Node#teardownOf(Node)})
 * @param mapping present when the task is mapped ({@link Node#mapOver(String)}, {@link TaskMapping})
 */
public record DagTask(Task task, TaskConfig config, List<String> parents, List<String> children,
                      int depth, int width, int order, Optional<Teardown> teardown, Optional<TaskMapping> mapping) {
    /** Copies the lists. */
    public DagTask {
        parents = List.copyOf(parents);
        children = List.copyOf(children);
        Objects.requireNonNull(teardown, "teardown");
        Objects.requireNonNull(mapping, "mapping");
    }

    /**
     * A task that is not mapped.
     *
     * @param task the task
     * @param config its effective config
     * @param parents ids of upstream tasks
     * @param children ids of downstream tasks
     * @param depth the task's deepest level
     * @param width position among the tasks at the same depth
     * @param order position in the DAG's topological order
     * @param teardown present when the task is a teardown
     */
    public DagTask(Task task, TaskConfig config, List<String> parents, List<String> children,
                   int depth, int width, int order, Optional<Teardown> teardown) {
        this(task, config, parents, children, depth, width, order, teardown, Optional.empty());
    }

    /** @return the rule deciding when the task runs: its config's, ignored for a teardown (see {@link Teardown}) */
    public TriggerRule triggerRule() {
        return config.triggerRule();
    }

    /** @return the task id */
    public String id() {
        return task.id();
    }

    /** @return true when the task has no upstream tasks */
    public boolean isRoot() {
        return parents.isEmpty();
    }
}
