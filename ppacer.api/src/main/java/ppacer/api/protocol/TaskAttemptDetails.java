package ppacer.api.protocol;

import ppacer.api.TaskStatus;

/**
 * One attempt of a task in a run ({@code GET /dagruns/{runId}/tasks/{taskId}/attempts/{attempt}}, and
 * in {@link DagRunTask}).
 *
 * @param runId the run id
 * @param dagId the DAG
 * @param taskId the task
 * @param attempt the attempt number, 0 for the first (the {@code retry} of the executor messages)
 * @param status the attempt's status
 * @param scheduledAt when the attempt was created (queued)
 * @param startedAt when it became RUNNING, or null
 * @param finishedAt when it finished, or null
 * @param duration from its start to its end (or to now while it runs), as text such as {@code 1.234s};
 *     null when it never started (SCHEDULED, or SKIPPED / UPSTREAM_FAILED without running)
 * @param executorId the executor that took it, or null
 * @param error the error of a failure (possibly a stack trace over several lines), or null
 * @param logRecords how many log records it has
 * @param reason why it is SKIPPED or UPSTREAM_FAILED (for example {@code branch not chosen: ...},
 *     {@code upstream skipped: ...}, {@code short-circuit: ...}), or null
 * @param branch the children it chose when it is a branch that succeeded, or null
 */
public record TaskAttemptDetails(long runId, String dagId, String taskId, int attempt, TaskStatus status,
                                 String scheduledAt, String startedAt, String finishedAt, String duration,
                                 String executorId, String error, long logRecords, String reason,
                                 java.util.List<String> branch) {
}
