package ppacer.exec.bundle;

import java.io.Serial;
import ppacer.api.PpacerException;

/**
 * A DAG bundle was refused: it is not modular, provides no {@link ppacer.api.DagSource}, defines a
 * bad DAG, clashes with another bundle's DAG ids, misses a dependency, or its content does not match
 * the hash it was asked for. The message names the jar and the cause; whatever was serving before
 * keeps serving.
 */
public class BundleException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the jar and what is wrong with it
     */
    public BundleException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the jar and what is wrong with it
     * @param cause the underlying failure
     */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
