package ppacer.api.protocol;

import ppacer.api.DagRunStatus;

/**
 * One run in a list of runs ({@code GET /dagruns}), newest first.
 *
 * @param runId the run id, unique across DAGs
 * @param dagId the DAG
 * @param execTs the run's logical time
 * @param status the run's status
 * @param trigger why the run exists: REGULAR (its schedule), CAUGHT_UP, OUT_OF_BAND, MANUALLY_TRIGGERED or BACKFILL
 * @param restarts how many times the run was restarted
 * @param createdAt when the run was created
 * @param finishedAt when the run last became SUCCESS or FAILED, or null while it is not finished
 * @param duration from creation to the end (or to now while unfinished), as text such as
 *     {@code 1.234s} or {@code 2m3.5s}
 * @param taskNum how many tasks the run has
 * @param taskCompletedNum tasks whose latest attempt is SUCCESS, FAILED or UPSTREAM_FAILED
 * @param taskFailedNum tasks whose latest attempt is FAILED or UPSTREAM_FAILED
 * @param bundleHash the SHA-256 (hex) of the DAG bundle version the run started with; null for a DAG built into
 *     the image
 */
public record DagRunRow(long runId, String dagId, String execTs, DagRunStatus status, String trigger, int restarts,
                        String createdAt, String finishedAt, String duration, int taskNum, int taskCompletedNum,
                        int taskFailedNum, String bundleHash) {
    /**
     * A run of a DAG built into the image.
     *
     * @param runId the run id
     * @param dagId the DAG
     * @param execTs the run's logical time
     * @param status the run's status
     * @param trigger why the run exists
     * @param restarts how many times the run was restarted
     * @param createdAt when the run was created
     * @param finishedAt when the run last finished, or null
     * @param duration from creation to the end (or to now)
     * @param taskNum how many tasks the run has
     * @param taskCompletedNum tasks whose latest attempt is terminal
     * @param taskFailedNum tasks whose latest attempt failed
     */
    public DagRunRow(long runId, String dagId, String execTs, DagRunStatus status, String trigger, int restarts,
                     String createdAt, String finishedAt, String duration, int taskNum, int taskCompletedNum,
                     int taskFailedNum) {
        this(runId, dagId, execTs, status, trigger, restarts, createdAt, finishedAt, duration, taskNum, taskCompletedNum,
                taskFailedNum, null);
    }
}
