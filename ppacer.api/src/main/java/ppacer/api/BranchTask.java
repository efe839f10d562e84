package ppacer.api;

import java.util.Collection;

/**
 * A task that chooses which of its children run. The children it does not return are SKIPPED
 * ("branch not chosen"), and the tasks below them follow their trigger rules; a join after the
 * branch usually wants {@link TriggerRule#NONE_FAILED_MIN_ONE_SUCCESS}. The decision is stored with
 * the attempt's SUCCESS, so a scheduler restart keeps it.
 *
 * <pre>{@code
 * BranchTask choose = BranchTask.of("choose", ctx ->
 *         ctx.logicalTime().atZone(ZoneOffset.UTC).getDayOfMonth() == 1 ? List.of("load_full") : List.of("load_delta"));
 * }</pre>
 *
 * <p>Any task can branch the same way by calling {@link TaskContext#branch} before it returns.
 */
public interface BranchTask extends Task {
    /**
     * Chooses the children to run.
     *
     * @param context the attempt
     * @return ids of direct children of this task (possibly none: every child is then SKIPPED)
     * @throws Exception any failure; the attempt then fails and the children wait for its retry
     */
    Collection<String> choose(TaskContext context) throws Exception;

    /** Runs {@link #choose} and records the decision with {@link TaskContext#branch(Collection)}. */
    @Override
    default void execute(TaskContext context) throws Exception {
        context.branch(choose(context));
    }

    /** The decision of {@link BranchTask#of}. */
    @FunctionalInterface
    interface Chooser {
        /**
         * @param context the attempt
         * @return the chosen children
         * @throws Exception any failure
         */
        Collection<String> choose(TaskContext context) throws Exception;
    }

    /**
     * A branch task from a lambda. Its {@linkplain Task#definition() definition} is its id and
     * class: a change of the lambda's code is not seen by the fingerprint.
     *
     * @param id the task id
     * @param chooser the decision
     * @return the task
     */
    static BranchTask of(String id, Chooser chooser) {
        return new BranchTask() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Collection<String> choose(TaskContext context) throws Exception {
                return chooser.choose(context);
            }

            @Override
            public String definition() {
                return "BranchTask.of(" + id + ")";
            }
        };
    }
}
