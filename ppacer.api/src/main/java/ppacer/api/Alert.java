package ppacer.api;

import java.time.Instant;
import java.util.Optional;

/**
 * A notification about a task attempt that failed, or a deadline a run or task missed.
 *
 * @param kind RETRY when another attempt follows, FAILURE when the task failed for good,
 *     DEADLINE_MISSED when a run or task was not finished by its {@link Deadline}
 * @param dagId the DAG
 * @param runId the DAG run
 * @param logicalTime the run's logical time
 * @param taskId the task; empty text for a run's own deadline
 * @param attempt the attempt that failed, 0-based; for a deadline, the task's latest attempt (-1 when none, and
 *     for a run's own deadline)
 * @param error the error text, if any
 * @param message the rendered message
 * @param why for a missed deadline, why the run or task was not finished at that moment (the
 *     scheduler's explainer, one reason per line); empty otherwise
 */
public record Alert(Kind kind, String dagId, long runId, Instant logicalTime, String taskId, int attempt,
                   Optional<String> error, String message, Optional<String> why) {

    /**
     * An alert without an explanation (a failed attempt).
     *
     * @param kind the kind
     * @param dagId the DAG
     * @param runId the run
     * @param logicalTime its logical time
     * @param taskId the task
     * @param attempt the attempt
     * @param error the error text
     * @param message the rendered message
     */
    public Alert(Kind kind, String dagId, long runId, Instant logicalTime, String taskId, int attempt,
                 Optional<String> error, String message) {
        this(kind, dagId, runId, logicalTime, taskId, attempt, error, message, Optional.empty());
    }

    /** Why the alert is sent. */
    public enum Kind {
        /** The attempt failed and will be retried. */
        RETRY,
        /** The task failed with no retries left. */
        FAILURE,
        /** The run or task was not finished by its deadline; it goes on. */
        DEADLINE_MISSED
    }
}
