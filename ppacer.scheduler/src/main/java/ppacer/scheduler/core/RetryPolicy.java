package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import ppacer.api.TaskConfig;

/**
 * Decides whether a failed attempt is retried and when the next attempt becomes due.
 *
 * <p>Budget: a task may be retried {@link TaskConfig#retries()} times in a row; the count restarts
 * when an operator restarts the run or clears the task. The delay is {@link TaskConfig#retryDelay()}
 * measured from the failure time.
 */
public final class RetryPolicy {
    private final RandomGenerator random;

    /** @param random jitter source for exponential backoff */
    public RetryPolicy(RandomGenerator random) {
        this.random = random;
    }

    /**
     * @param config the task's config
     * @param retriesUsed retries already made since the last reset
     * @param failedAt when the attempt failed
     * @return when the next attempt is due, or empty when the retries are exhausted
     */
    public Optional<Instant> nextAttemptDue(TaskConfig config, int retriesUsed, Instant failedAt) {
        if (retriesUsed >= config.retries()) {
            return Optional.empty();
        }
        Duration delay = config.retryDelay().delayBefore(retriesUsed + 1, random);
        return Optional.of(failedAt.plus(delay));
    }

    /**
     * When retry number {@code retry} (1-based) is due after a failure, regardless of the budget.
     *
     * @param config the task's config
     * @param retry the retry number, 1 for the first
     * @param failedAt when the attempt before it failed
     * @return the due time
     */
    public Instant dueAfter(TaskConfig config, int retry, Instant failedAt) {
        return failedAt.plus(config.retryDelay().delayBefore(retry, random));
    }
}
