package ppacer.api.spi;

import java.time.Instant;
import java.util.Optional;
import ppacer.api.TaskStatus;

/**
 * A stored task attempt.
 *
 * @param key run, task, attempt number
 * @param status current status
 * @param scheduledAt insert time
 * @param startedAt when it became RUNNING
 * @param finishedAt when it finished
 * @param updatedAt last change
 * @param executorId the executor that took it
 * @param token the attempt token
 * @param leaseDeadline the current lease end while RUNNING
 * @param error the error text of a failure
 */
public record TaskAttemptRecord(AttemptKey key, TaskStatus status, Instant scheduledAt, Optional<Instant> startedAt,
                                Optional<Instant> finishedAt, Instant updatedAt, Optional<String> executorId,
                                Optional<String> token, Optional<Instant> leaseDeadline, Optional<String> error) {
}
