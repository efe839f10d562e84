package ppacer.api.protocol;

import java.util.List;
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
 * @param mapIndex the index of an instance of a mapped task ({@code taskId} is then e.g. {@code load[3]},
 *     see {@link ppacer.api.TaskMapping}); null for any other task
 * @param mapItem the JSON text of that instance's item; null for any other task
 * @param traceparent the attempt span's W3C trace context, which the executor's span continues; null
 *     when the scheduler does not trace the attempt
 * @param bundleHash the SHA-256 (hex) of the DAG bundle version the run started with, which the
 *     executor must run the task from; null for a DAG built into the image
 * @param triggeringEvents the asset events that started the run (a DAG scheduled on assets), oldest
 *     first; empty otherwise (null reads as empty)
 */
public record TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                         String leaseDeadline, long timeoutMs, Map<String, Object> params,
                         Map<String, OutputBody> inputs, int maxOutputBytes, Integer mapIndex, String mapItem,
                         String traceparent, String bundleHash, List<AssetEventView> triggeringEvents) {
    /** Copies the parameters, inputs and events. */
    public TaskToExec {
        triggeringEvents = triggeringEvents == null ? List.of() : List.copyOf(triggeringEvents);
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    /**
     * A hand-out of a run not started by asset events.
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
     * @param inputs the outputs of the task's direct parents
     * @param maxOutputBytes the largest output the scheduler accepts
     * @param mapIndex the index of an instance of a mapped task, or null
     * @param mapItem the JSON text of that instance's item, or null
     * @param traceparent the attempt span's W3C trace context, or null
     * @param bundleHash the DAG bundle version, or null
     */
    public TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                      String leaseDeadline, long timeoutMs, Map<String, Object> params,
                      Map<String, OutputBody> inputs, int maxOutputBytes, Integer mapIndex, String mapItem,
                      String traceparent, String bundleHash) {
        this(dagId, execTs, taskId, retry, runId, token, leaseDeadline, timeoutMs, params, inputs, maxOutputBytes, mapIndex,
                mapItem, traceparent, bundleHash, List.of());
    }

    /**
     * An attempt of a DAG built into the image.
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
     * @param inputs the parents' outputs
     * @param maxOutputBytes the largest output accepted
     * @param mapIndex the index of an instance of a mapped task, or null
     * @param mapItem the JSON text of its item, or null
     * @param traceparent the attempt span's trace context, or null
     */
    public TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                      String leaseDeadline, long timeoutMs, Map<String, Object> params,
                      Map<String, OutputBody> inputs, int maxOutputBytes, Integer mapIndex, String mapItem,
                      String traceparent) {
        this(dagId, execTs, taskId, retry, runId, token, leaseDeadline, timeoutMs, params, inputs, maxOutputBytes, mapIndex,
                mapItem, traceparent, null);
    }

    /**
     * An attempt without a trace context.
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
     * @param inputs the parents' outputs
     * @param maxOutputBytes the largest output accepted
     * @param mapIndex the index of an instance of a mapped task, or null
     * @param mapItem the JSON text of its item, or null
     */
    public TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                      String leaseDeadline, long timeoutMs, Map<String, Object> params,
                      Map<String, OutputBody> inputs, int maxOutputBytes, Integer mapIndex, String mapItem) {
        this(dagId, execTs, taskId, retry, runId, token, leaseDeadline, timeoutMs, params, inputs, maxOutputBytes, mapIndex,
                mapItem, null, null);
    }

    /**
     * An attempt of a task that is not mapped.
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
     * @param inputs the parents' outputs
     * @param maxOutputBytes the largest output accepted
     */
    public TaskToExec(String dagId, String execTs, String taskId, int retry, long runId, String token,
                      String leaseDeadline, long timeoutMs, Map<String, Object> params,
                      Map<String, OutputBody> inputs, int maxOutputBytes) {
        this(dagId, execTs, taskId, retry, runId, token, leaseDeadline, timeoutMs, params, inputs, maxOutputBytes, null,
                null, null, null);
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
