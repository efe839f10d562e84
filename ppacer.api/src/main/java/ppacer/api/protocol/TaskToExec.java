package ppacer.api.protocol;

import java.util.Map;

/**
 * A task attempt handed out to an executor ({@code GET /dag/task/pop}).
 *
 * @param dagId the DAG
 * @param execTs the run's logical time
 * @param taskId the task
 * @param retry the attempt number, 0 for the first
 * @param runId the DAG run id
 * @param token the attempt token; every report about this attempt must carry it
 * @param leaseDeadline when the lease ends unless extended by a heartbeat
 * @param timeoutMs the task timeout in milliseconds
 * @param params the run's parameters
 */
public record TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                         String leaseDeadline, long timeoutMs, Map<String, Object> params) {
    /** Copies the parameters. */
    public TaskToExec {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
