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
 * @param inputs the outputs of the task's direct parents that stored one, by parent task id
 * @param maxOutputBytes the largest output the scheduler accepts from this attempt; 0 when not said
 */
public record TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                         String leaseDeadline, long timeoutMs, Map<String, Object> params,
                         Map<String, OutputBody> inputs, int maxOutputBytes) {
    /** Copies the parameters and inputs. */
    public TaskToExec {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    /**
     * An attempt without inputs.
     *
     * @param dagId the DAG
     * @param execTs the run's logical time
     * @param taskId the task
     * @param retry the attempt number
     * @param runId the DAG run id
     * @param token the attempt token
     * @param leaseDeadline when the lease ends
     * @param timeoutMs the task timeout in milliseconds
     * @param params the run's parameters
     */
    public TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                      String leaseDeadline, long timeoutMs, Map<String, Object> params) {
        this(dagId, execTs, taskId, retry, runId, token, leaseDeadline, timeoutMs, params, Map.of(), 0);
    }
}
