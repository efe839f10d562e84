package ppacer.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a timeout (checks every few milliseconds). */
public final class Await {
    private Await() {
    }

    /**
     * @param timeout the longest wait
     * @param condition what to wait for
     * @param state describes the state when the wait fails
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
}
