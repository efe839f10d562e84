package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
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
 * @param branch the children a branching task chose (absent: it did not branch)
 * @param reason why the task was SKIPPED or UPSTREAM_FAILED
 */
public record TaskAttemptRecord(AttemptKey key, TaskStatus status, Instant scheduledAt, Optional<Instant> startedAt,
                                Optional<Instant> finishedAt, Instant updatedAt, Optional<String> executorId,
                                Optional<String> token, Optional<Instant> leaseDeadline, Optional<String> error,
                                Optional<List<String>> branch, Optional<String> reason) {
    /** Copies the branch. */
    public TaskAttemptRecord {
        branch = branch.map(List::copyOf);
    }

    /**
     * A record without branch or reason.
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
    public TaskAttemptRecord(AttemptKey key, TaskStatus status, Instant scheduledAt, Optional<Instant> startedAt,
                             Optional<Instant> finishedAt, Instant updatedAt, Optional<String> executorId,
                             Optional<String> token, Optional<Instant> leaseDeadline, Optional<String> error) {
        this(key, status, scheduledAt, startedAt, finishedAt, updatedAt, executorId, token, leaseDeadline, error,
                Optional.empty(), Optional.empty());
    }
}
