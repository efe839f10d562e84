package ppacer.api.spi;

import java.util.Objects;

/**
 * Identifies one task attempt.
 *
 * @param runId the DAG run
 * @param taskId the task
 * @param attempt the attempt number, 0 for the first
 */
public record AttemptKey(long runId, String taskId, int attempt) {
    /** Validates. */
    public AttemptKey {
        Objects.requireNonNull(taskId, "taskId");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
        }
    }

    @Override
    public String toString() {
        return "run " + runId + " task '" + taskId + "' attempt " + attempt;
    }
}
