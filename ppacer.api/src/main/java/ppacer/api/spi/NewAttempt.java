package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import ppacer.api.TaskStatus;

/**
 * An attempt to insert.
 *
 * @param key run, task and attempt number
 * @param status initial status (SCHEDULED, or UPSTREAM_FAILED for tasks that never run)
 * @param at insert time
 */
public record NewAttempt(AttemptKey key, TaskStatus status, Instant at) {
    /** Validates. */
    public NewAttempt {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
