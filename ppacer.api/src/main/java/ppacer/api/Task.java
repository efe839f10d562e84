package ppacer.api;

/**
 * A unit of work in a DAG. Implementations are plain Java classes compiled into the application;
 * the same registry of DAGs is present in the scheduler and in every executor.
 *
 * <p>A task succeeds when {@link #execute(TaskContext)} returns and fails when it throws. It should
 * check {@link TaskContext#isCancelled()} in long loops, so that a timeout or a stop ends it early.
 */
public interface Task {
    /**
     * The task id, unique within its DAG; see {@link Ids} for the allowed characters.
     *
     * @return the task id
     */
    String id();

    /**
     * Runs the task.
     *
     * @param context the run this attempt belongs to, its parameters, logger and deadline
     * @throws Exception any failure; the attempt is then FAILED and retried per its config
     */
    void execute(TaskContext context) throws Exception;
}
