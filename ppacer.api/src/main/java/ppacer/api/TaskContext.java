package ppacer.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What a running task attempt knows about itself. Given by the executor to
 * {@link Task#execute(TaskContext)}.
 */
public interface TaskContext {
    /** @return the DAG id */
    String dagId();

    /** @return the id of the task being executed */
    String taskId();

    /** @return the DAG run id, unique across all DAGs */
    long runId();

    /** @return the run's logical time: the schedule point it was created for, or the trigger time */
    Instant logicalTime();

    /** @return the attempt number, 0 for the first attempt */
    int attempt();

    /** @return the run's parameters as a JSON object text, {@code "{}"} when none were given */
    String paramsJson();

    /** @return a logger whose records end up in the task log store, per attempt */
    TaskLogger logger();

    /** @return the instant after which the attempt counts as timed out */
    Instant deadline();

    /**
     * Tells whether the attempt should stop: its deadline passed, the scheduler is stopping, or the
     * attempt was cleared or marked by an operator.
     *
     * @return true when the task should return (or throw) as soon as possible
     */
    boolean isCancelled();

    /** @return the ids of the task's direct children, in the DAG's order */
    List<String> children();

    /**
     * Chooses which direct children run once this attempt succeeds: the others are SKIPPED
     * ("branch not chosen") and the tasks below them follow their trigger rules. Without a call
     * every child is chosen; the last call counts. The choice takes effect only when the attempt
     * succeeds, and is stored with its SUCCESS.
     *
     * @param childIds ids of direct children of this task; empty to skip every child
     * @throws InvalidBranchException when an id is not a direct child (naming the valid ones); the
     *     attempt then fails unless the task catches it
     */
    void branch(Collection<String> childIds);

    /**
     * {@link #branch(Collection)} for one or more children.
     *
     * @param first a chosen child
     * @param more further chosen children
     */
    default void branch(String first, String... more) {
        List<String> all = new java.util.ArrayList<>(1 + more.length);
        all.add(first);
        all.addAll(List.of(more));
        branch(all);
    }

    /**
     * Checks a branch choice against the children: the message an invalid choice fails with.
     *
     * @param taskId the branching task
     * @param children its direct children
     * @param chosen the chosen ids
     * @return the chosen ids, without duplicates, in the children's order
     * @throws InvalidBranchException when one is not a child
     */
    static List<String> checkBranch(String taskId, List<String> children, Collection<String> chosen) {
        for (String c : chosen) {
            if (!children.contains(c)) {
                throw new InvalidBranchException("Task '" + taskId + "' chose '" + c + "', which is not one of its direct"
                        + " children; valid: " + (children.isEmpty() ? "none (it has no children)" : children));
            }
        }
        return children.stream().filter(chosen::contains).toList();
    }

    /**
     * Sets this attempt's output to a value written as JSON (Jackson: records, lists, maps, strings,
     * numbers, booleans). It is stored with the attempt's SUCCESS, in the same commit, and read by
     * the task's children with {@link #input}; a failed or skipped attempt's output is discarded.
     * Calling again replaces it. Outputs are small (64 KiB by default, the scheduler's
     * {@code maxOutputBytes}): pass large data by reference, e.g. the path or URL where it was written.
     *
     * @param value the value; null is the JSON {@code null}
     * @throws TaskOutputException when it cannot be written as JSON or is larger than the limit
     *     (the message names the task, the size and the limit)
     */
    void output(Object value);

    /**
     * Sets this attempt's output to bytes of a content type (see {@link #output(Object)}).
     *
     * @param content the bytes
     * @param contentType their media type, e.g. {@code text/csv}
     * @throws TaskOutputException when larger than the limit
     */
    void output(byte[] content, String contentType);

    /**
     * The output of a direct parent, read as {@code type} (Jackson).
     *
     * @param parentId a direct parent's task id
     * @param type what to read it as
     * @param <T> the type
     * @return the value (null for a JSON {@code null})
     * @throws TaskOutputException when {@code parentId} is not a direct parent (the message names
     *     them), the parent stored no output, or it does not read as {@code type}
     */
    <T> T input(String parentId, Class<T> type);

    /**
     * The output of a direct parent that is a JSON array, read as a list of {@code elementType}.
     *
     * @param parentId a direct parent's task id
     * @param elementType what to read each element as
     * @param <T> the element type
     * @return the elements
     * @throws TaskOutputException as {@link #input}
     */
    <T> java.util.List<T> inputList(String parentId, Class<T> elementType);

    /**
     * The output of a direct parent as stored.
     *
     * @param parentId a direct parent's task id
     * @return the output, or empty when the parent stored none
     * @throws TaskOutputException when {@code parentId} is not a direct parent
     */
    java.util.Optional<TaskOutput> rawInput(String parentId);

    /**
     * The output that a task of this DAG stored in the latest earlier run (by logical time) where it
     * stored one: e.g. a high-water mark carried from run to run. Asked explicitly, since it costs a
     * call to the scheduler.
     *
     * @param taskId a task of this DAG (this one or another)
     * @param type what to read it as
     * @param <T> the type
     * @return the value, or empty when no earlier run stored one
     * @throws TaskOutputException when it does not read as {@code type}
     */
    <T> java.util.Optional<T> previousOutput(String taskId, Class<T> type);

    /**
     * Checks that {@code parentId} is a direct parent of a task, as {@link #rawInput} must: the one
     * check (and message) of every {@code TaskContext}.
     *
     * @param taskId the task asking
     * @param parents its direct parents
     * @param parentId the task whose output it asks for
     * @throws TaskOutputException naming the parents when {@code parentId} is not one of them
     */
    static void checkParent(String taskId, Collection<String> parents, String parentId) {
        if (!parents.contains(parentId)) {
            throw new TaskOutputException("Task '" + taskId + "' asked for the output of '" + parentId
                    + "', which is not one of its direct parents; parents: "
                    + (parents.isEmpty() ? "none (it is a root task)" : parents));
        }
    }

    /**
     * Throws when {@link #isCancelled()}; a convenience for loops.
     *
     * @throws TaskCancelledException when the attempt should stop
     */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new TaskCancelledException("Task '" + taskId() + "' of DAG '" + dagId() + "' run " + runId()
                    + " attempt " + attempt() + " was cancelled (deadline " + deadline() + ")");
        }
    }

    /**
     * The trace context of this attempt's execution, as a W3C {@code traceparent} header value
     * ({@code 00-<trace id>-<span id>-01}): the span of the execution by a tracing HTTP executor, else the
     * attempt's span (the in-process executor makes no span of its own), for passing on to what the task
     * calls: {@code ShellTask} sets
     * it as {@code TRACEPARENT} in the command's environment, {@code HttpTask} as the {@code traceparent}
     * header. Empty when tracing is off or the run was not sampled.
     *
     * @return the traceparent, or an empty string
     */
    default String traceparent() {
        return "";
    }

    /**
     * @return this attempt's index when it is an instance of a mapped task ({@code 3} for
     *     {@code load[3]}, see {@link TaskMapping}); empty for any other task
     */
    default java.util.OptionalInt mapIndex() {
        return java.util.OptionalInt.empty();
    }

    /**
     * The item of this instance of a mapped task (see {@link TaskMapping}), typed through Jackson: an
     * item of a parent's JSON list, the output of the parent instance with the same index (a task
     * mapped over a mapped task), or a string of a literal list.
     *
     * @param type the item's type
     * @param <T> the item's type
     * @return the item (null for a JSON null)
     * @throws TaskOutputException when this task is not an instance of a mapped task, or the item is not
     *     readable as {@code type}
     */
    default <T> T mapItem(Class<T> type) {
        throw new TaskOutputException("Task '" + taskId() + "' is not an instance of a mapped task: mapItem is for"
                + " the instances of a task declared with Node.mapOver or Node.mapOverItems");
    }

    /**
     * The status of another DAG's run at a logical time (a call to the scheduler), for a task that
     * waits for another DAG ({@code ExternalRunSucceeded} in {@code ppacer.tasks}).
     *
     * @param dagId the DAG
     * @param logicalTime the run's logical time
     * @return its status, empty when the DAG has no run at that time
     * @throws PpacerException when this context cannot ask the scheduler
     */
    default java.util.Optional<DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
        throw new PpacerException("Task '" + taskId() + "': this task context cannot ask the scheduler about runs of '"
                + dagId + "'");
    }

    /**
     * The asset events that made this run (a run of a DAG scheduled on assets), oldest first; empty
     * for a run created by time, by hand or by a backfill.
     *
     * @return the triggering events
     */
    default List<AssetEvent> triggeringEvents() {
        return List.of();
    }

    /**
     * How many times this attempt was deferred so far ({@link #deferUntil}): 0 on its first poke.
     *
     * @return the pokes before this one
     */
    default int pokes() {
        return 0;
    }

    /**
     * Ends this attempt as DEFERRED, to be poked again at {@code until} (see {@link TaskDeferredException}):
     * the executor slot is free meanwhile, and no retry is used. Returns only by throwing.
     *
     * @param until when to run this attempt again
     * @param reason why the task is not done yet, e.g. "file /data/*.csv not found"
     * @throws TaskDeferredException always: let it propagate
     */
    default void deferUntil(Instant until, String reason) {
        throw new TaskDeferredException(java.util.Objects.requireNonNull(until, "until"), null, reason, null);
    }

    /**
     * Ends this attempt as DEFERRED, to be poked again {@code delay} after it ends (see {@link #deferUntil}).
     *
     * @param delay how long to wait
     * @param reason why the task is not done yet
     * @throws TaskDeferredException always: let it propagate
     */
    default void pokeAgainIn(java.time.Duration delay, String reason) {
        throw new TaskDeferredException(null, java.util.Objects.requireNonNull(delay, "delay"), reason, null);
    }
}
