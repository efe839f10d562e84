package ppacer.api;

/**
 * When a task runs, given how its parents ended. Set per task with
 * {@link TaskConfig.Builder#triggerRule(TriggerRule)}; part of the DAG's fingerprint.
 *
 * <p>Each parent counts as exactly one of: <b>succeeded</b> (SUCCESS), <b>failed</b> (FAILED or
 * UPSTREAM_FAILED), <b>skipped</b> (SKIPPED, or a SUCCESS branch task that did not choose this
 * task), or <b>not done</b> (no attempt yet, SCHEDULED, RUNNING, waiting for a retry). A rule
 * answers one of four {@link Verdict}s; it never waits once its answer is certain, so
 * {@link #ONE_SUCCESS} and {@link #ONE_FAILED} fire on the first parent that decides them, while
 * the others may still run. The answer depends only on the parents' final outcomes, never on the
 * order they arrived in: a rule decides early only when no later outcome could change its answer.
 *
 * <p>One principle picks between the two ways of not running: a task that cannot run because a
 * parent failed is UPSTREAM_FAILED; because parents were skipped or succeeded (the rule waited for
 * failures that did not happen) it is SKIPPED.
 *
 * <table>
 *   <caption>The rules (s = succeeded, f = failed, k = skipped, n = parents)</caption>
 *   <tr><th>rule</th><th>runs when</th><th>SKIPPED when</th><th>UPSTREAM_FAILED when</th></tr>
 *   <tr><td>ALL_SUCCESS (default)</td><td>s = n</td><td>all done, f = 0, k &ge; 1</td><td>f &ge; 1 (at once)</td></tr>
 *   <tr><td>ALL_DONE</td><td>all done</td><td>never</td><td>never</td></tr>
 *   <tr><td>ALL_FAILED</td><td>f = n</td><td>s + k &ge; 1 (at once)</td><td>never</td></tr>
 *   <tr><td>ONE_SUCCESS</td><td>s &ge; 1 (at once)</td><td>all done, s = 0, f = 0</td><td>all done, s = 0, f &ge; 1</td></tr>
 *   <tr><td>ONE_FAILED</td><td>f &ge; 1 (at once)</td><td>all done, f = 0</td><td>never</td></tr>
 *   <tr><td>ONE_DONE</td><td>s + f &ge; 1 (at once)</td><td>all done, k = n</td><td>never</td></tr>
 *   <tr><td>NONE_FAILED</td><td>all done, f = 0</td><td>never</td><td>f &ge; 1 (at once)</td></tr>
 *   <tr><td>NONE_FAILED_MIN_ONE_SUCCESS</td><td>all done, f = 0, s &ge; 1</td><td>all done, f = 0, s = 0</td><td>f &ge; 1 (at once)</td></tr>
 *   <tr><td>NONE_SKIPPED</td><td>all done, k = 0</td><td>k &ge; 1 (at once)</td><td>never</td></tr>
 *   <tr><td>ALWAYS</td><td>at once, without waiting for its parents</td><td>never</td><td>never</td></tr>
 * </table>
 *
 * <p>A task without parents runs at once under every rule. A branch that does not choose a task
 * counts as a skipped parent of it, and only of it: a join below two paths of a branch is a child
 * of the chosen path too, so {@link #NONE_FAILED_MIN_ONE_SUCCESS} runs it.
 */
public enum TriggerRule {
    /** Runs when every parent succeeded (the default). */
    ALL_SUCCESS,
    /** Runs when every parent is done, however it ended. */
    ALL_DONE,
    /** Runs when every parent failed or upstream-failed. */
    ALL_FAILED,
    /** Runs as soon as one parent succeeded. */
    ONE_SUCCESS,
    /** Runs as soon as one parent failed or upstream-failed. */
    ONE_FAILED,
    /** Runs as soon as one parent succeeded or failed. */
    ONE_DONE,
    /** Runs when every parent succeeded or was skipped. */
    NONE_FAILED,
    /** Runs when every parent succeeded or was skipped and at least one succeeded (a join after a branch). */
    NONE_FAILED_MIN_ONE_SUCCESS,
    /** Runs when every parent is done and none was skipped. */
    NONE_SKIPPED,
    /** Runs at once, without waiting for its parents. */
    ALWAYS;

    /** What a rule answers for a task without an attempt. */
    public enum Verdict {
        /** Not decided yet: some parent that could change the answer is not done. */
        WAIT,
        /** Schedule the task. */
        RUN,
        /** The task will not run; it is SKIPPED. */
        SKIP,
        /** The task will not run because of a failure; it is UPSTREAM_FAILED. */
        UPSTREAM_FAILED
    }

    /**
     * Decides, from counts of the parents' outcomes (see the class comment).
     *
     * @param parents the number of parents
     * @param succeeded parents that succeeded (a branch that chose this task included)
     * @param failed parents FAILED or UPSTREAM_FAILED
     * @param skipped parents SKIPPED (a branch that did not choose this task included)
     * @return the verdict
     * @throws IllegalArgumentException when the counts are negative or add up to more than {@code parents}
     */
    public Verdict verdict(int parents, int succeeded, int failed, int skipped) {
        if (succeeded < 0 || failed < 0 || skipped < 0 || succeeded + failed + skipped > parents) {
            throw new IllegalArgumentException("Parent counts do not add up: " + parents + " parents, " + succeeded
                    + " succeeded, " + failed + " failed, " + skipped + " skipped");
        }
        if (parents == 0 || this == ALWAYS) {
            return Verdict.RUN;
        }
        boolean allDone = succeeded + failed + skipped == parents;
        return switch (this) {
            case ALL_SUCCESS -> failed > 0 ? Verdict.UPSTREAM_FAILED
                    : succeeded == parents ? Verdict.RUN
                    : allDone ? Verdict.SKIP : Verdict.WAIT;
            case ALL_DONE -> allDone ? Verdict.RUN : Verdict.WAIT;
            case ALL_FAILED -> succeeded + skipped > 0 ? Verdict.SKIP
                    : allDone ? Verdict.RUN : Verdict.WAIT;
            case ONE_SUCCESS -> succeeded > 0 ? Verdict.RUN
                    : !allDone ? Verdict.WAIT
                    : failed > 0 ? Verdict.UPSTREAM_FAILED : Verdict.SKIP;
            case ONE_FAILED -> failed > 0 ? Verdict.RUN
                    : allDone ? Verdict.SKIP : Verdict.WAIT;
            case ONE_DONE -> succeeded + failed > 0 ? Verdict.RUN
                    : allDone ? Verdict.SKIP : Verdict.WAIT;
            case NONE_FAILED -> failed > 0 ? Verdict.UPSTREAM_FAILED
                    : allDone ? Verdict.RUN : Verdict.WAIT;
            case NONE_FAILED_MIN_ONE_SUCCESS -> failed > 0 ? Verdict.UPSTREAM_FAILED
                    : !allDone ? Verdict.WAIT
                    : succeeded > 0 ? Verdict.RUN : Verdict.SKIP;
            case NONE_SKIPPED -> skipped > 0 ? Verdict.SKIP
                    : allDone ? Verdict.RUN : Verdict.WAIT;
            case ALWAYS -> Verdict.RUN;
        };
    }
}
