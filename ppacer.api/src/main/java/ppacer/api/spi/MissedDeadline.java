package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deadline a run (or one of its tasks) missed, recorded once ({@link DeadlineStore#claim}).
 *
 * @param runId the run
 * @param taskId the task; empty for the run's own deadline
 * @param dueAt when it had to be finished
 * @param missedAt when the scheduler found it missed and claimed the alert
 */
public record MissedDeadline(long runId, Optional<String> taskId, Instant dueAt, Instant missedAt) {
    /** Validates. */
    public MissedDeadline {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(missedAt, "missedAt");
    }
}
