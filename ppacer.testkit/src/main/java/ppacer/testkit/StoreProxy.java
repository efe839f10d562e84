package ppacer.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import ppacer.api.spi.Store;

/**
 * Wraps a real store so that a test sees (and may change) every call made to it and to its
 * sub-stores ({@code attempts()}, {@code dagRuns()}, ...), also through the fenced view
 * ({@code fenced(epoch)}) a leader writes through. Other values the store returns (the leader lease,
 * its write health) are not wrapped. The one place the store test doubles (failing, stalling, counting) share.
 */
public final class StoreProxy {
    /** Proceeds with the intercepted call on the real store. */
    @FunctionalInterface
    public interface Call {
        /**
         * @return what the real store returned
         * @throws Throwable what it threw
         */
        Object proceed() throws Throwable;
    }

    /** Sees one call. */
    @FunctionalInterface
    public interface Interceptor {
        /**
         * @param type the interface called: {@link Store} or a sub-store's (e.g. {@code TaskAttemptStore})
         * @param method the method
         * @param args its arguments (null when none)
         * @param call the real call
         * @return the answer (usually {@code call.proceed()})
         * @throws Throwable what the call should throw
         */
        Object intercept(Class<?> type, Method method, Object[] args, Call call) throws Throwable;
    }

    private StoreProxy() {
    }

    /**
     * @param delegate the real store
     * @param interceptor sees every call but those returning a (sub-)store or the leader lease
     * @return the wrapping store
     */
    public static Store wrap(Store delegate, Interceptor interceptor) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return invoke(delegate, m, args);
            }
            if (m.getName().equals("fenced")) {
                return wrap((Store) invoke(delegate, m, args), interceptor);
            }
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getPackageName().equals("ppacer.api.spi") && type.getSimpleName().endsWith("Store")) {
                return sub(type, invoke(delegate, m, args), interceptor);
            }
            return interceptor.intercept(Store.class, m, args, () -> invoke(delegate, m, args));
        });
    }

    private static Object sub(Class<?> type, Object target, Interceptor interceptor) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) ->
                m.getDeclaringClass() == Object.class ? invoke(target, m, args)
                        : interceptor.intercept(type, m, args, () -> invoke(target, m, args)));
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
