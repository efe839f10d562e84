package ppacer.exec;

import java.io.Serial;
import java.util.Objects;
import ppacer.api.PpacerException;
import ppacer.exec.client.SchedulerClientException;

/**
 * A call of a {@link SchedulerLink} failed, and how the executor should take it ({@link #kind()}):
 * try again later, drop the call because the attempt is no longer current, or drop it because the
 * scheduler refuses it for good. Says nothing about HTTP: the HTTP links map statuses to it, the
 * in-process link maps the scheduler's answers and store failures to it.
 */
public final class LinkException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** How a failure is to be taken. */
    public enum Kind {
        /** Retrying later may succeed: not reached, overloaded, stopping, not the leader, the store failed. */
        TRANSIENT,
        /** The attempt is no longer current (stale token, already reported, superseded): drop the call. */
        CONFLICT,
        /** Refused for a reason that will not change (unknown attempt, bad request, not allowed): drop the call. */
        REFUSED
    }

    private final Kind kind;

    /**
     * @param kind how to take the failure
     * @param message what failed, naming the call and the scheduler's answer
     * @param cause the underlying failure, or null
     */
    public LinkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * The failure an HTTP answer means: not reached (status 0), 429 and 5xx (including a standby's
     * 503 "not the leader") are transient, 409 a conflict, any other status a refusal.
     *
     * @param e the HTTP client's failure
     * @return the link failure, with {@code e} as its cause
     */
    public static LinkException of(SchedulerClientException e) {
        Kind kind = e.isTransient() ? Kind.TRANSIENT : e.isConflict() ? Kind.CONFLICT : Kind.REFUSED;
        return new LinkException(kind, e.getMessage(), e);
    }

    /** @return how to take the failure */
    public Kind kind() {
        return kind;
    }

    /** @return true when retrying later may succeed */
    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /**
     * Whether a failure of any type is worth retrying: a {@link LinkException} says so itself; any
     * other exception (a bug or a failure the link did not map) is taken as transient, so that a
     * report is retried rather than lost.
     *
     * @param e the failure
     * @return true unless the scheduler refused for good or the attempt is no longer current
     */
    static boolean worthRetrying(RuntimeException e) {
        return !(e instanceof LinkException l) || l.isTransient();
    }
}
