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
 */
public record TaskLogBatch(long runId, String taskId, int retry, String token, List<LogLine> records) {
    /** Copies the list. */
    public TaskLogBatch {
        records = records == null ? List.of() : List.copyOf(records);
    }
}
