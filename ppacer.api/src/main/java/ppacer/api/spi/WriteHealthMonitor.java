package ppacer.api.spi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a store's {@link WriteHealth} from the outcomes of its writes, for store implementations:
 * the store reports each write that succeeded or failed for a reason of its own, and answers
 * {@link Store#writeHealth()} with {@link #check(Runnable)}. Thread-safe; recording a success on
 * a healthy store is one volatile read.
 */
public final class WriteHealthMonitor {
    private final AtomicReference<WriteHealth> health = new AtomicReference<>(WriteHealth.ACCEPTING);
    private final AtomicBoolean probing = new AtomicBoolean();

    /** Creates a monitor of a store that accepts writes. */
    public WriteHealthMonitor() {
    }

    /** A write committed: the store accepts writes. */
    public void succeeded() {
        if (health.get() != WriteHealth.ACCEPTING) {
            health.set(WriteHealth.ACCEPTING);
        }
    }

    /**
     * A write failed for a reason of the store (not a duplicate key or another refusal of the caller's).
     *
     * @param error the failure's message, naming the store
     */
    public void failed(String error) {
        health.updateAndGet(h -> new WriteHealth.Failing(
                h instanceof WriteHealth.Failing f ? f.consecutiveFailures() + 1 : 1, String.valueOf(error)));
    }

    /** @return the health as the latest write left it, without any I/O */
    public WriteHealth current() {
        return health.get();
    }

    /**
     * The health, probing first while the latest write failed: {@code probe} makes one small real
     * write through the store's normal write path (which reports its outcome here), so that the
     * health comes back once the cause is gone even when nothing else writes. At most one probe
     * runs at a time; a caller that finds one running gets the current health.
     *
     * @param probe a bounded write whose outcome the store's write path records
     * @return the health after the probe (if one ran)
     */
    public WriteHealth check(Runnable probe) {
        if (health.get().accepting() || !probing.compareAndSet(false, true)) {
            return health.get();
        }
        try {
            probe.run();
        } catch (RuntimeException e) {
            // the write path has recorded the failure (or it was not the store's: the health stays as it was)
        } finally {
            probing.set(false);
        }
        return health.get();
    }
}
