package ppacer.exec;

import java.util.List;
import java.util.Optional;
import ppacer.api.protocol.TaskToExec;

/**
 * A link's answer to several reports sent together ({@link SchedulerLink#reportAllAndTake}): per
 * report, in order, empty when it was accepted or its failure; and the attempts taken along with
 * them.
 *
 * @param refusals per report, its failure (a conflict, a refusal, or a transient failure to retry)
 * @param tasks the attempts handed out, now leased to the executor
 */
public record ReportsReply(List<Optional<LinkException>> refusals, List<TaskToExec> tasks) {
    /**
     * @param refusals per report, its failure
     * @param tasks the attempts taken
     */
    public ReportsReply {
        refusals = List.copyOf(refusals);
        tasks = List.copyOf(tasks);
    }

    /**
     * The HTTP client's answer, its statuses mapped by {@link LinkException#of}.
     *
     * @param answer the client's answer
     * @return the reply
     */
    static ReportsReply of(ppacer.exec.client.ReportsAnswer answer) {
        return new ReportsReply(answer.refusals().stream().map(r -> r.map(LinkException::of)).toList(), answer.tasks());
    }
}
