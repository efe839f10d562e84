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
}
