package ppacer.testkit;

import java.util.concurrent.atomic.AtomicLong;
import ppacer.api.spi.Store;

/** Wraps a store and counts every call made to its sub-stores (queries and writes). */
public final class CountingStore {
    private final AtomicLong calls = new AtomicLong();
    private final Store store;

    /** @param delegate the real store */
    public CountingStore(Store delegate) {
        this.store = StoreProxy.wrap(delegate, (type, m, args, call) -> {
            if (!m.getName().equals("describe")) {
                calls.incrementAndGet();
            }
            return call.proceed();
        });
    }

    /** @return the counting store */
    public Store store() {
        return store;
    }

    /** @return calls so far */
    public long calls() {
        return calls.get();
    }
}
