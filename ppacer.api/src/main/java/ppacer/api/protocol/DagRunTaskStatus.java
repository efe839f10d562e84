package ppacer.api.protocol;

/**
 * An executor's report about an attempt ({@code POST /dag/task/update}).
 *
 * @param dagId the DAG
 * @param execTs the run's logical time (informational; the run is identified by {@code runId})
 * @param taskId the task
 * @param retry the attempt number
 * @param status SUCCESS, FAILED, SKIPPED or DEFERRED (RUNNING is accepted as a no-op acknowledgement)
 * @param taskError the error text for FAILED, else null
 * @param runId the DAG run id
 * @param token the attempt token received with the task
 * @param executorId the reporting executor
 * @param branch with SUCCESS: the children a branching task chose (possibly none); null when it did
 *     not branch (every child runs)
 * @param reason with SKIPPED: why the task skipped itself, else null
 * @param output with SUCCESS: the task's output, else null
 * @param deferUntil with DEFERRED: when to poke the attempt again (ISO-8601 instant), else null
 * @param deferTimeoutMs with DEFERRED: how long after the first poke's start the scheduler gives up
 *     (milliseconds), null for no limit
 * @param deferBackoff with DEFERRED: true to double the wait with each poke, else null or false
 */
public record DagRunTaskStatus(String dagId, String execTs, String taskId, int retry, String status,
                               String taskError, long runId, String token, String executorId,
                               java.util.List<String> branch, String reason, OutputBody output,
                               String deferUntil, Long deferTimeoutMs, Boolean deferBackoff) {
    /**
     * A report that is not a deferral.
     *
     * @param dagId the DAG
     * @param execTs the run's logical time
     * @param taskId the task
     * @param retry the attempt number
     * @param status SUCCESS, FAILED or SKIPPED
     * @param taskError the error text for FAILED, else null
     * @param runId the DAG run id
     * @param token the attempt token
     * @param executorId the reporting executor
     * @param branch the children a branching task chose, or null
     * @param reason why the task skipped itself, or null
     * @param output with SUCCESS: the task's output, else null
     */
    public DagRunTaskStatus(String dagId, String execTs, String taskId, int retry, String status, String taskError,
                            long runId, String token, String executorId, java.util.List<String> branch, String reason,
                            OutputBody output) {
        this(dagId, execTs, taskId, retry, status, taskError, runId, token, executorId, branch, reason, output, null,
                null, null);
    }

    /**
     * A report without an output.
     *
     * @param dagId the DAG
     * @param execTs the run's logical time
     * @param taskId the task
     * @param retry the attempt number
     * @param status SUCCESS, FAILED or SKIPPED
     * @param taskError the error text for FAILED, else null
     * @param runId the DAG run id
     * @param token the attempt token
     * @param executorId the reporting executor
     * @param branch the children a branching task chose, or null
     * @param reason why the task skipped itself, or null
     */
    public DagRunTaskStatus(String dagId, String execTs, String taskId, int retry, String status, String taskError,
                            long runId, String token, String executorId, java.util.List<String> branch, String reason) {
        this(dagId, execTs, taskId, retry, status, taskError, runId, token, executorId, branch, reason, null);
    }

    /**
     * A report without a branch decision or reason (SUCCESS, FAILED).
     *
     * @param dagId the DAG
     * @param execTs the run's logical time
     * @param taskId the task
     * @param retry the attempt number
     * @param status SUCCESS or FAILED
     * @param taskError the error text for FAILED, else null
     * @param runId the DAG run id
     * @param token the attempt token
     * @param executorId the reporting executor
     */
    public DagRunTaskStatus(String dagId, String execTs, String taskId, int retry, String status, String taskError,
                            long runId, String token, String executorId) {
        this(dagId, execTs, taskId, retry, status, taskError, runId, token, executorId, null, null, null);
    }
}
