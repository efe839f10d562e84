package ppacer.testkit;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreException;

/**
 * Wraps a real store; while {@link #failWrites(boolean) failing}, every write of its sub-stores
 * (inserts, transitions, log appends, restarts) throws a {@link StoreException} without reaching
 * the store, as a database that is restarting answers. Reads go through.
 */
public final class FailingStore {
    private static final Set<String> WRITES = Set.of("insert", "transition", "transitionAll", "append", "restart");

    private final AtomicLong refused = new AtomicLong();
    private final Store store;
    private volatile boolean failing;

    /** @param delegate the real store */
    public FailingStore(Store delegate) {
        this.store = StoreProxy.wrap(delegate, (type, m, args, call) -> {
            if (failing && type != Store.class && WRITES.contains(m.getName())) {
                refused.incrementAndGet();
                throw new StoreException(type.getSimpleName() + "." + m.getName() + " failed: the database is"
                        + " restarting (test fault)");
            }
            return call.proceed();
        });
    }

    /** @param value whether writes fail from now on */
    public void failWrites(boolean value) {
        failing = value;
    }

    /** @return the writes refused so far */
    public long refused() {
        return refused.get();
    }

    /** @return the wrapping store */
    public Store store() {
        return store;
    }
}
