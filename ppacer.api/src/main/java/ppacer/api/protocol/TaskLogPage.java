package ppacer.api.protocol;

import java.util.List;
import ppacer.api.TaskStatus;

/**
 * A page of an attempt's log records
 * ({@code GET /dagruns/{runId}/tasks/{taskId}/attempts/{attempt}/logs?offset=&limit=}).
 *
 * <p>The attempt's status is read before the records: when it is finished (neither SCHEDULED nor
 * RUNNING) and the page is not full, the page holds the end of the log as it was when the attempt
 * finished, so a follower may stop there.
 *
 * @param runId the run id
 * @param taskId the task
 * @param attempt the attempt number, 0 for the first
 * @param status the attempt's status, read before the records
 * @param total how many records the attempt has in all
 * @param offset how many records were skipped before this page
 * @param records the records, in logging order
 */
public record TaskLogPage(long runId, String taskId, int attempt, TaskStatus status, long total, long offset,
                          List<LogLine> records) {
    /** Copies the records. */
    public TaskLogPage {
        records = List.copyOf(records);
    }
}
