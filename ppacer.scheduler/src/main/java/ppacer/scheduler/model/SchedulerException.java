package ppacer.scheduler.model;

import java.io.Serial;
import ppacer.api.PpacerException;

/** Root of the scheduler's exceptions. */
public class SchedulerException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the values involved */
    public SchedulerException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the values involved
     * @param cause the underlying failure
     */
    public SchedulerException(String message, Throwable cause) {
        super(message, cause);
    }
}
