package ppacer.api;

import java.time.Instant;

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
