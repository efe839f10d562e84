package ppacer.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A task in the graph being built, with its outgoing edges. Nodes are mutable only while a DAG is
 * being defined; {@link Dag.Builder#build()} takes an immutable snapshot and validates it.
 *
 * <pre>{@code
 * a.then(b, c).then(d);   // a >> [b, c] >> d: fan-out, then fan-in
 * }</pre>
 */
public final class Node {
    private final Task task;
    private final Optional<TaskConfig> config;
    private final List<Node> children = new ArrayList<>();
    private Node setup;
    private boolean teardownFailsRun;
    private TaskMapping mapping;
    private final java.util.Set<String> produces = new java.util.LinkedHashSet<>();

    private Node(Task task, Optional<TaskConfig> config) {
        this.task = Objects.requireNonNull(task, "task");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * A node whose config is the DAG's default task config.
     *
     * @param task the task
     * @return a new node without edges
     */
    public static Node of(Task task) {
        return new Node(task, Optional.empty());
    }

    /**
     * A node with its own config.
     *
     * @param task the task
     * @param config settings for this task
     * @return a new node without edges
     */
    public static Node of(Task task, TaskConfig config) {
        return new Node(task, Optional.of(Objects.requireNonNull(config, "config")));
    }

    /**
     * Adds an edge {@code this -> child}.
     *
     * @param child the downstream node
     * @return {@code child}, so that chains read left to right
     */
    public Node then(Node child) {
        children.add(Objects.requireNonNull(child, "child"));
        return child;
    }

    /**
     * Adds edges from this node to each of the given nodes (fan-out).
     *
     * @param first a downstream node
     * @param second another downstream node
     * @param more further downstream nodes
     * @return the group of downstream nodes, whose {@link NodeGroup#then(Node)} fans them in
     */
    public NodeGroup then(Node first, Node second, Node... more) {
        List<Node> all = new ArrayList<>(2 + more.length);
        all.add(first);
        all.add(second);
        all.addAll(List.of(more));
        all.forEach(this::then);
        return new NodeGroup(all);
    }

    /**
     * Makes this task the teardown of {@code setup} (see {@link Teardown}): it runs once all its
     * parents are done, whatever happened, if the setup succeeded; its failure does not fail the
     * run. Adds the edge {@code setup -> this} when missing; connect the tasks that use what the
     * setup made to this one as usual.
     *
     * @param setupNode the setup task
     * @return this node
     */
    public Node teardownOf(Node setupNode) {
        return teardownOf(setupNode, false);
    }

    /**
     * {@link #teardownOf(Node)}, choosing whether a failure of the teardown fails the run.
     *
     * @param setupNode the setup task
     * @param failsRun whether a failed teardown fails the run
     * @return this node
     */
    public Node teardownOf(Node setupNode, boolean failsRun) {
        Objects.requireNonNull(setupNode, "setup");
        if (setupNode == this) {
            throw new DagDefinitionException("Task '" + task.id() + "' cannot be its own teardown");
        }
        if (setup != null && setup != setupNode) {
            throw new DagDefinitionException("Task '" + task.id() + "' is already the teardown of '"
                    + setup.task().id() + "'; a teardown belongs to one setup");
        }
        setup = setupNode;
        teardownFailsRun = failsRun;
        if (!setupNode.children.contains(this)) {
            setupNode.children.add(this);
        }
        return this;
    }

    /**
     * Maps this task over the output of a direct parent (dynamic task mapping, see
     * {@link TaskMapping}): the parent outputs a JSON list, and this task runs once per item, as
     * {@code id[0]}, {@code id[1]}, ... When the parent is itself mapped, this task runs once per
     * instance of it, with that instance's output as its item.
     *
     * <pre>{@code
     * Node files = Node.of(listFiles);
     * Node load = Node.of(loadFile).mapOver("list_files");   // loadFile reads ctx.mapItem(String.class)
     * files.then(load).then(Node.of(summarise));             // summarise reads ctx.inputList("load_file", ...)
     * }</pre>
     *
     * @param parentId the id of the parent task whose output is the list
     * @return this node
     * @throws DagDefinitionException when the node is already mapped ({@link Dag.Builder#build()} checks
     *     that {@code parentId} is a direct parent)
     */
    public Node mapOver(String parentId) {
        return mapped(new TaskMapping.OverOutput(parentId));
    }

    /**
     * Maps this task over a list given here (see {@link TaskMapping}): it runs once per item, as
     * {@code id[0]}, {@code id[1]}, ..., each reading its item with {@code ctx.mapItem(String.class)}.
     *
     * @param items the items, at most {@value TaskMapping#DEFAULT_MAX_ITEMS}; none makes the task SKIPPED
     * @return this node
     * @throws DagDefinitionException when the node is already mapped or the list is too long
     */
    public Node mapOverItems(List<String> items) {
        Objects.requireNonNull(items, "items");
        items.forEach(x -> Objects.requireNonNull(x, "an item"));
        return mapped(new TaskMapping.OverItems(items));
    }

    /**
     * Limits how many instances of this mapped task are queued or running at once; the others wait
     * for them, in index order. Without it, only the DAG's {@code maxActiveTasks} bounds them.
     *
     * @param value the limit, at least 1
     * @return this node
     * @throws DagDefinitionException when the node is not mapped (call {@link #mapOver} first) or the
     *     value is below 1
     */
    public Node maxActiveInstances(int value) {
        if (mapping == null) {
            throw new DagDefinitionException("Task '" + task.id() + "' is not mapped: call mapOver or mapOverItems"
                    + " before maxActiveInstances");
        }
        if (value < 1) {
            throw new DagDefinitionException("Task '" + task.id() + "': maxActiveInstances must be at least 1, was "
                    + value);
        }
        mapping = mapping.withMaxActiveInstances(value);
        return this;
    }

    private Node mapped(TaskMapping value) {
        if (mapping != null) {
            throw new DagDefinitionException("Task '" + task.id() + "' is already mapped " + mapping.describe()
                    + "; a task is mapped over one list");
        }
        mapping = value;
        return this;
    }

    /** @return how the task is mapped, or empty */
    Optional<TaskMapping> mapping() {
        return Optional.ofNullable(mapping);
    }

    /** @return the teardown settings when this node is a teardown, given the setup's task id */
    Optional<Teardown> teardown() {
        return setup == null ? Optional.empty() : Optional.of(new Teardown(setup.task().id(), teardownFailsRun));
    }

    /**
     * Declares assets this task produces: each success of the task records one event per asset
     * (see {@link AssetEvent}), which DAGs scheduled on the asset consume.
     *
     * @param first an asset name or URI, e.g. {@code warehouse.orders} or {@code s3://bucket/orders}
     * @param more further assets
     * @return this node
     * @throws DagDefinitionException when a name is not valid (see {@link AssetNames})
     */
    public Node produces(String first, String... more) {
        List<String> names = new ArrayList<>();
        names.add(first);
        names.addAll(java.util.Arrays.asList(more));
        for (String n : names) {
            if (!AssetNames.isValid(n)) {
                throw new DagDefinitionException("Task '" + task.id() + "' produces an invalid asset name '" + n
                        + "': expected " + AssetNames.describeRule());
            }
        }
        produces.addAll(names);
        return this;
    }

    /** @return the assets this task produces, in declaration order */
    public List<String> produces() {
        return List.copyOf(produces);
    }

    /** @return the task */
    public Task task() {
        return task;
    }

    /** @return the task's own config, or empty to use the DAG's default */
    public Optional<TaskConfig> config() {
        return config;
    }

    /** @return the downstream nodes, in the order they were added */
    public List<Node> children() {
        return List.copyOf(children);
    }

    @Override
    public String toString() {
        return "Node[" + task.id() + "]";
    }
}
