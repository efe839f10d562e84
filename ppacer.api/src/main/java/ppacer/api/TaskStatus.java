package ppacer.api;

/**
 * Status of one task attempt (one row per attempt). Starts from ppacer's list.
 *
 * <p>Flow: SCHEDULED (queued for an executor) → RUNNING → SUCCESS | FAILED. A FAILED attempt that
 * will be retried is stored as FAILED_PENDING_RETRY, and the next attempt gets a new row. Tasks
 * below a FAILED task become UPSTREAM_FAILED or SKIPPED as their {@link TriggerRule} says (a task
 * whose rule fires anyway runs). SKIPPED is terminal and not a failure: a branch did not choose the
 * task, its rule decided it cannot run without a failure, or it skipped itself
 * ({@link SkipTaskException}). CANCELLED ends an attempt that was cleared by an operator or
 * superseded; it is terminal for that attempt only. A task that defers itself (a sensor poking
 * again later) moves the same attempt RUNNING → DEFERRED → SCHEDULED → RUNNING, without using a retry.
 */
public enum TaskStatus {
    /** Queued, waiting for an executor. */
    SCHEDULED,
    /** Handed out to an executor, which holds a lease on it. */
    RUNNING,
    /** Failed, no retries left. Terminal. */
    FAILED,
    /** This attempt failed; another attempt follows after the retry delay. */
    FAILED_PENDING_RETRY,
    /** Succeeded. Terminal. */
    SUCCESS,
    /** A task upstream failed, so this one never ran. Terminal. */
    UPSTREAM_FAILED,
    /** The attempt was cancelled (cleared by an operator, or superseded). Terminal for the attempt. */
    CANCELLED,
    /**
     * The task did not run and will not: a branch did not choose it, its trigger rule cannot be met
     * for a reason other than a failure, it skipped itself, or an operator marked it. Terminal; not
     * a failure (a run whose tasks are SUCCESS or SKIPPED succeeds).
     */
    SKIPPED,
    /**
     * The attempt ended asking to be poked again later (a sensor whose condition is not met yet,
     * {@link TaskDeferredException}): it holds no executor slot, pool slot or running-task count
     * while it waits; at its due time the same attempt is SCHEDULED again. Not a retry, not finished.
     */
    DEFERRED;

    /**
     * Terminal for the task: no further attempt follows unless an operator restarts or clears it.
     *
     * @return true for SUCCESS, FAILED, UPSTREAM_FAILED, SKIPPED and CANCELLED
     */
    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED || this == UPSTREAM_FAILED || this == SKIPPED || this == CANCELLED;
    }

    /**
     * The attempt is over (whether or not another attempt follows).
     *
     * @return true unless SCHEDULED, RUNNING or DEFERRED
     */
    public boolean isFinished() {
        return this != SCHEDULED && this != RUNNING && this != DEFERRED;
    }
}
