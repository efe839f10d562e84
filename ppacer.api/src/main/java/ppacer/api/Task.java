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

    /**
     * A task whose work is a lambda, for tasks without settings of their own:
     * {@code Task.of("load", ctx -> ctx.output(load(ctx.input("extract", Batch.class))))}.
     *
     * @param id the task id
     * @param body what it does
     * @return the task; its {@link #definition()} is the same for every such task, so only its id,
     *     its place in the DAG and its config make up the DAG's fingerprint
     */
    static Task of(String id, Body body) {
        return new FunctionTask(java.util.Objects.requireNonNull(id, "id"), java.util.Objects.requireNonNull(body, "body"));
    }

    /** The work of a task given as a lambda ({@link #of(String, Body)}). */
    @FunctionalInterface
    interface Body {
        /**
         * @param context as for {@link Task#execute(TaskContext)}
         * @throws Exception any failure
         */
        void execute(TaskContext context) throws Exception;
    }
}
