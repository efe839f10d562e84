package ppacer.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in a test for a condition, checking every few milliseconds, with a generous timeout that only
 * guards against a hang (a test never measures time with it). The one poll-until helper of every
 * module's tests.
 */
public final class Await {
    private Await() {
    }

    /**
     * @param timeout the longest wait
     * @param condition what to wait for
     * @param state describes the state when the wait fails
     * @throws AssertionError when the condition does not hold within the timeout
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("Condition not met within " + timeout + ": " + state.get());
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /**
     * Waits until {@code probe} finds something.
     *
     * @param timeout the longest wait
     * @param probe looks for the value, empty while there is none
     * @param state describes the state when the wait fails
     * @param <T> the value
     * @return the value found
     * @throws AssertionError when nothing is found within the timeout
     */
    public static <T> T value(Duration timeout, Supplier<Optional<T>> probe, Supplier<String> state) {
        Object[] found = new Object[1];
        until(timeout, () -> {
            Optional<T> v = probe.get();
            v.ifPresent(x -> found[0] = x);
            return v.isPresent();
        }, state);
        @SuppressWarnings("unchecked")
        T t = (T) found[0];
        return t;
    }
}
