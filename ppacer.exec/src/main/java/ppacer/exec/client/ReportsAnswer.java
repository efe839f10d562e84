package ppacer.exec.client;

import java.util.List;
import java.util.Optional;
import ppacer.api.protocol.TaskToExec;

/**
 * The answer to several reports sent together: per report, in order, empty when it was accepted or
 * the scheduler's refusal; and the attempts taken along with them.
 *
 * @param refusals per report, its refusal (a 409 stale, 404 unknown, or a transient 5xx to retry)
 * @param tasks the attempts handed out, now leased to the executor
 */
public record ReportsAnswer(List<Optional<SchedulerClientException>> refusals, List<TaskToExec> tasks) {
    /**
     * @param refusals per report, its refusal
     * @param tasks the attempts taken
     */
    public ReportsAnswer {
        refusals = List.copyOf(refusals);
        tasks = List.copyOf(tasks);
    }
}
