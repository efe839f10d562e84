package ppacer.scheduler.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
        this.store = wrapStore(delegate);
    }

    /** The store, its sub-stores wrapped, and so is the fenced view the leader writes through. */
    private Store wrapStore(Store delegate) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, m, args) -> {
                    Object r = invoke(delegate, m, args);
                    if (m.getName().equals("fenced")) {
                        return wrapStore((Store) r);
                    }
                    if (m.getReturnType().isInterface() && m.getReturnType().getPackageName().equals("ppacer.api.spi")
                            && !m.getName().equals("leadership")) {
                        return wrap(m.getReturnType(), r);
                    }
                    return r;
                });
    }

    private Object wrap(Class<?> type, Object target) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (failing && WRITES.contains(m.getName())) {
                refused.incrementAndGet();
                throw new StoreException(type.getSimpleName() + "." + m.getName() + " failed: the database is"
                        + " restarting (test fault)");
            }
            return invoke(target, m, args);
        });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
