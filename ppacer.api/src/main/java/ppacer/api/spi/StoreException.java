package ppacer.api.spi;

import java.io.Serial;
import ppacer.api.PpacerException;

/**
 * A store operation failed: the database is unreachable, a constraint was violated, the schema is
 * too new... Messages name the store (URL without password) and the values involved.
 */
public class StoreException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the store and values */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the store and values
     * @param cause the driver's exception
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
