package ppacer.api.protocol;

import java.util.List;

/**
 * The answer to a {@link TaskStatusBatch}: one verdict per report, in order, and the attempts
 * taken in the same exchange.
 *
 * @param results per report, in the order sent
 * @param tasks the attempts handed out, possibly none
 */
public record TaskStatusBatchAnswer(List<ReportVerdict> results, List<TaskToExec> tasks) {
    /** Copies the lists; missing ones are empty. */
    public TaskStatusBatchAnswer {
        results = results == null ? List.of() : List.copyOf(results);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
