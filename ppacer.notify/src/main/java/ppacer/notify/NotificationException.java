package ppacer.notify;

import java.io.Serial;
import ppacer.api.PpacerException;

/**
 * A notifier could not deliver an alert, or its configuration cannot be used. The message names the
 * target (without secrets) and the reason: the HTTP status, the timeout, the SMTP server's answer.
 */
public final class NotificationException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the target and the reason */
    public NotificationException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the target and the reason
     * @param cause the underlying failure
     */
    public NotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
