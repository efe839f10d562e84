package ppacer.api.protocol;

/**
 * An executor's report about an attempt ({@code POST /dag/task/update}).
 *
 * @param dagId the DAG
 * @param execTs the run's logical time (informational; the run is identified by {@code runId})
 * @param taskId the task
 * @param retry the attempt number
 * @param status SUCCESS or FAILED (RUNNING is accepted as a no-op acknowledgement)
 * @param taskError the error text for FAILED, else null
 * @param runId the DAG run id
 * @param token the attempt token received with the task
 * @param executorId the reporting executor
 */
public record DagRunTaskStatus(String dagId, String execTs, String taskId, int retry, String status,
                               String taskError, long runId, String token, String executorId) {
}
