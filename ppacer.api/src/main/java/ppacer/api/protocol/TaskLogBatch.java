package ppacer.api.protocol;

import java.util.List;

/**
 * Log records of one attempt ({@code POST /dag/task/logs}).
 *
 * @param runId the DAG run id
 * @param taskId the task
 * @param retry the attempt number
 * @param token the attempt token
 * @param records the records, in logging order
 * @param executorId the sending executor; the scheduler refuses the batch (409) when the attempt was
 *     handed out to another one. Null (absent in JSON, as from older executors): not checked
 */
public record TaskLogBatch(long runId, String taskId, int retry, String token, List<LogLine> records,
                           String executorId) {
    /** Copies the list. */
    public TaskLogBatch {
        records = records == null ? List.of() : List.copyOf(records);
    }

    /**
     * A batch that does not name its executor (not checked against the attempt's executor).
     *
     * @param runId the DAG run id
     * @param taskId the task
     * @param retry the attempt number
     * @param token the attempt token
     * @param records the records, in logging order
     */
    public TaskLogBatch(long runId, String taskId, int retry, String token, List<LogLine> records) {
        this(runId, taskId, retry, token, records, null);
    }
}
