package ppacer.scheduler.model;

import java.io.Serial;

/** A DAG, run or task id that the scheduler does not know (an HTTP layer maps it to 404). */
public class UnknownIdException extends SchedulerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the values involved */
    public UnknownIdException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the values involved
     * @param cause the underlying failure
     */
    public UnknownIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
