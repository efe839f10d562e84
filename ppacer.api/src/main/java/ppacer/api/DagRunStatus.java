package ppacer.api;

/**
 * Status of a DAG run, from ppacer's list plus QUEUED.
 *
 * <p>Flow: QUEUED (created, waiting for a free slot under the DAG's max active runs) → SCHEDULED
 * (admitted, roots about to be queued) → RUNNING → SUCCESS | FAILED. A FAILED run can be restarted,
 * which moves it back to RUNNING. READY_TO_SCHEDULE is kept for compatibility with ppacer's API.
 */
public enum DagRunStatus {
    /** Created, waiting for a slot (max active runs per DAG). */
    QUEUED,
    /** ppacer compatibility: created and about to be scheduled. */
    READY_TO_SCHEDULE,
    /** Admitted; its root tasks are being queued. */
    SCHEDULED,
    /** At least one task is queued or running. */
    RUNNING,
    /** Every task succeeded. Terminal. */
    SUCCESS,
    /** Every task is terminal and at least one failed. Terminal (until restarted). */
    FAILED;

    /** @return true for SUCCESS and FAILED */
    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED;
    }
}
