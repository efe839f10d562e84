package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.TaskStatus;

/**
 * An attempt to insert.
 *
 * @param key run, task and attempt number
 * @param status initial status (SCHEDULED, or UPSTREAM_FAILED / SKIPPED for tasks that never run)
 * @param at insert time
 * @param reason why a task that never runs does not (its trigger rule, a branch), stored as the
 *     attempt's reason
 */
public record NewAttempt(AttemptKey key, TaskStatus status, Instant at, Optional<String> reason) {
    /** Validates. */
    public NewAttempt {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * An attempt without a reason.
     *
     * @param key run, task and attempt number
     * @param status initial status
     * @param at insert time
     */
    public NewAttempt(AttemptKey key, TaskStatus status, Instant at) {
        this(key, status, at, Optional.empty());
    }
}
