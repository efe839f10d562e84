package ppacer.server;

import java.io.Serial;
import ppacer.api.PpacerException;

/**
 * The API's address cannot be bound: another process listens on the port, or the host is not an
 * address of this machine. Thrown before the scheduler starts, so nothing runs and no store is open.
 */
public final class AddressInUseException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final boolean portTaken;

    /**
     * @param host the address that could not be bound
     * @param port the port that could not be bound
     * @param portTaken true when another socket holds the port, false when binding failed otherwise
     *     (the host is not an address of this machine, a privileged port, ...)
     * @param message what failed, naming the host and port
     * @param cause the bind failure, or null
     */
    public AddressInUseException(String host, int port, boolean portTaken, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
        this.port = port;
        this.portTaken = portTaken;
    }

    /** @return true when another socket holds the port; false when the bind failed for another reason */
    public boolean portTaken() {
        return portTaken;
    }

    /** @return the address that could not be bound */
    public String host() {
        return host;
    }

    /** @return the port that could not be bound */
    public int port() {
        return port;
    }
}
