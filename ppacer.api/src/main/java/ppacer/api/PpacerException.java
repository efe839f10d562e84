package ppacer.api;

import java.io.Serial;

/**
 * Root of every exception ppacer throws. Messages name the values involved, so that a failure can
 * be understood without a debugger.
 */
public class PpacerException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, with the offending values
     */
    public PpacerException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, with the offending values
     * @param cause the underlying failure
     */
    public PpacerException(String message, Throwable cause) {
        super(message, cause);
    }
}
