package ppacer.api.spi;

import java.io.Serial;

/** An insert hit a unique key that already exists, e.g. a second run for the same DAG and logical time. */
public class DuplicateKeyException extends StoreException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message which key was duplicated, with its values */
    public DuplicateKeyException(String message) {
        super(message);
    }

    /**
     * @param message which key was duplicated, with its values
     * @param cause the driver's exception
     */
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
