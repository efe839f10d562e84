package ppacer.api.protocol;

/**
 * Extends the lease of a running attempt ({@code POST /dag/task/heartbeat}).
 *
 * @param runId the DAG run id
 * @param taskId the task
 * @param retry the attempt number
 * @param token the attempt token
 * @param executorId the executor
 */
public record Heartbeat(long runId, String taskId, int retry, String token, String executorId) {
}
