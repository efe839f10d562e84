package ppacer.scheduler.model;

import java.io.Serial;

/** An operation that the current state does not allow, e.g. restarting a run that did not fail (an HTTP layer maps it to 409). */
public class InvalidStateException extends SchedulerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the values involved */
    public InvalidStateException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the values involved
     * @param cause the underlying failure
     */
    public InvalidStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
