package ppacer.api.spi;

import java.io.Serial;

/**
 * A write through {@link Store#fenced(long)} was refused, changing nothing, because another
 * scheduler acquired the leader lease since that epoch: the writer is deposed.
 */
public class StaleEpochException extends StoreException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long staleEpoch;
    private final long currentEpoch;

    /**
     * @param message what was refused, naming the store
     * @param staleEpoch the epoch the write carried
     * @param currentEpoch the epoch of the current lease
     */
    public StaleEpochException(String message, long staleEpoch, long currentEpoch) {
        super(message);
        this.staleEpoch = staleEpoch;
        this.currentEpoch = currentEpoch;
    }

    /** @return the epoch the refused write carried */
    public long staleEpoch() {
        return staleEpoch;
    }

    /** @return the epoch of the lease when the write was refused */
    public long currentEpoch() {
        return currentEpoch;
    }
}
