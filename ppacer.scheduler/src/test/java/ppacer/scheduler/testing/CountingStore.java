package ppacer.scheduler.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import ppacer.api.spi.Store;

/** Wraps a store and counts every call made to its sub-stores (queries and writes). */
public final class CountingStore {
    private final AtomicLong calls = new AtomicLong();
    private final Store store;

    /** @param delegate the real store */
    public CountingStore(Store delegate) {
        this.store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, m, args) -> {
                    Object r = invoke(delegate, m, args);
                    if (m.getReturnType().isInterface() && m.getReturnType().getPackageName().equals("ppacer.api.spi")) {
                        return wrap(m.getReturnType(), r);
                    }
                    if (!m.getName().equals("describe") && !m.getName().equals("toString")) {
                        calls.incrementAndGet();
                    }
                    return r;
                });
    }

    private Object wrap(Class<?> type, Object target) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getDeclaringClass() != Object.class) {
                calls.incrementAndGet();
            }
            return invoke(target, m, args);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
