package ppacer.api.protocol;

import java.util.List;
import ppacer.api.TaskStatus;

/**
 * A task of a run with its attempts (in {@link DagRunDetails}).
 *
 * @param taskId the task
 * @param status its latest attempt's status, or null when it has no attempt yet (shown as NO_STATUS)
 * @param attempts its attempts in this run, first (attempt 0) first; empty when it has not been scheduled
 */
public record DagRunTask(String taskId, TaskStatus status, List<TaskAttemptDetails> attempts) {
    /** Copies the attempts. */
    public DagRunTask {
        attempts = List.copyOf(attempts);
    }
}
