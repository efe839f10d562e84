package ppacer.api;

import java.io.Serial;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by a task (through {@link TaskContext#deferUntil} or {@link TaskContext#pokeAgainIn}) to end
 * its attempt as DEFERRED: "not yet, poke me again at T". The attempt frees its executor slot while it
 * waits; at T the scheduler hands the same attempt out again. A deferral is not a retry and uses none.
 * With a {@code timeout}, the scheduler fails the attempt once that long has passed since its first
 * poke started (the message names the pokes and the last reason).
 */
public class TaskDeferredException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The due time: an instant, or a delay from the end of the attempt. */
    private final transient Instant until;
    private final transient Duration delay;
    private final transient Duration timeout;
    private final boolean backoff;

    /**
     * @param until when to poke again (an instant), or null with {@code delay}
     * @param delay how long after this attempt ends to poke again, or null with {@code until}
     * @param reason why the task is not done yet (shown by the explainer, kept for a timeout's message)
     * @param timeout how long after the first poke's start to give up, or null for no limit but the
     *     task's own
     */
    public TaskDeferredException(Instant until, Duration delay, String reason, Duration timeout) {
        this(until, delay, reason, timeout, false);
    }

    /**
     * @param until when to poke again (an instant), or null with {@code delay}
     * @param delay how long after this attempt ends to poke again, or null with {@code until}
     * @param reason why the task is not done yet
     * @param timeout how long after the first poke's start to give up, or null for no limit
     * @param backoff true to double the wait with each poke (the n-th deferral waits 2^(n-1) times
     *     the wait asked for, at most 2^16 times; never past the timeout)
     */
    public TaskDeferredException(Instant until, Duration delay, String reason, Duration timeout, boolean backoff) {
        super(Objects.requireNonNull(reason, "reason"));
        if ((until == null) == (delay == null)) {
            throw new IllegalArgumentException("A deferral has either a due instant or a delay, not "
                    + (until == null ? "neither" : "both"));
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("A deferral delay must not be negative, was " + delay);
        }
        if (timeout != null && !timeout.isPositive()) {
            throw new IllegalArgumentException("A deferral timeout must be positive, was " + timeout);
        }
        this.until = until;
        this.delay = delay;
        this.timeout = timeout;
        this.backoff = backoff;
    }

    /** @return whether the wait doubles with each poke */
    public boolean backoff() {
        return backoff;
    }

    /**
     * @param now the time the attempt ends
     * @return when to poke again
     */
    public Instant dueAt(Instant now) {
        return until != null ? until : now.plus(delay);
    }

    /** @return why the task is not done yet */
    public String reason() {
        return getMessage();
    }

    /** @return how long after the first poke's start the scheduler gives up, if limited */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }
}
