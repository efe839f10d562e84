package ppacer.tasks;

import java.io.Serial;
import ppacer.api.PpacerException;

/** Thrown by {@link HttpTask} when the response status is outside the expected range. */
public class UnexpectedStatusException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The status received. */
    private final int status;

    /**
     * Creates the exception.
     *
     * @param message names the method, the URL, the expected and the actual status
     * @param status the status received
     */
    public UnexpectedStatusException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** @return the status received */
    public int status() {
        return status;
    }
}
