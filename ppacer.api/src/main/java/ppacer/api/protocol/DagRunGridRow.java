package ppacer.api.protocol;

import java.util.Map;

/**
 * One run of a DAG in {@code GET /dags/{dagId}/runs} (the runs grid), newest first.
 *
 * @param runId the run
 * @param dagId the DAG
 * @param execTs its logical time
 * @param status its status
 * @param trigger why it exists: REGULAR, CAUGHT_UP, OUT_OF_BAND, MANUALLY_TRIGGERED or BACKFILL
 * @param duration from creation to the end (or to now), e.g. {@code 1.234s}
 * @param taskNum how many tasks the run has
 * @param taskCompletedNum tasks whose latest attempt is SUCCESS, FAILED or UPSTREAM_FAILED
 * @param taskFailedNum tasks whose latest attempt is FAILED or UPSTREAM_FAILED
 * @param tasks per task id that has an attempt, its latest attempt
 * @param durationSeconds the {@code duration} of a finished run in seconds (the UI's run-duration chart), null
 *     while it runs
 */
public record DagRunGridRow(long runId, String dagId, Timestamp execTs, String status, String trigger, String duration,
                            int taskNum, int taskCompletedNum, int taskFailedNum, Map<String, Cell> tasks,
                            Double durationSeconds) {
    /** Copies the map, keeping its order. */
    public DagRunGridRow {
        tasks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tasks));
    }

    /**
     * A task's latest attempt.
     *
     * @param status its status
     * @param retry its attempt number (0 for the first)
     */
    public record Cell(String status, int retry) {
    }
}
