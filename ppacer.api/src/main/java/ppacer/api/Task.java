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

    /**
     * What this task does, as far as it is not code: its settings (a command, a URL, a message),
     * written the same way every time. The DAG's {@linkplain Dag#fingerprint() fingerprint} hashes
     * it with the task's class, so that changing a setting stores a new version of the DAG's tasks,
     * as changing the structure or a config does. Only its hash is kept.
     *
     * <p>The default is the class name alone: a task with settings should override it, listing
     * every setting with a stable order (sort map entries; do not rely on {@code Map.of} order or
     * on identity hash codes, which change between JVM runs). The tasks of {@code ppacer.tasks} do.
     *
     * @return a stable description of the task's settings
     */
    default String definition() {
        return getClass().getName();
    }
}
