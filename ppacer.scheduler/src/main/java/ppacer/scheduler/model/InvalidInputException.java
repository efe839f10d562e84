package ppacer.scheduler.model;

import java.io.Serial;

/** An argument that is malformed, e.g. run parameters that are not a JSON object (an HTTP layer maps it to 400). */
public class InvalidInputException extends SchedulerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the values involved */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the values involved
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
