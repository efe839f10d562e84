package ppacer.api;

import java.time.Instant;
import java.util.Optional;

/**
 * A notification about a task attempt that failed.
 *
 * @param kind RETRY when another attempt follows, FAILURE when the task failed for good
 * @param dagId the DAG
 * @param runId the DAG run
 * @param logicalTime the run's logical time
 * @param taskId the task
 * @param attempt the attempt that failed, 0-based
 * @param error the error text, if any
 * @param message the rendered message
 */
public record Alert(Kind kind, String dagId, long runId, Instant logicalTime, String taskId, int attempt,
                   Optional<String> error, String message) {

    /** Why the alert is sent. */
    public enum Kind {
        /** The attempt failed and will be retried. */
        RETRY,
        /** The task failed with no retries left. */
        FAILURE
    }
}
