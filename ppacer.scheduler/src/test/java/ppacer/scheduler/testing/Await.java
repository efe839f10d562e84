package ppacer.scheduler.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a timeout: the scheduler tests' name for the shared {@link
 * ppacer.testing.Await} (kept while the HTTP tests move to their own module; new tests use the shared
 * one directly).
 */
public final class Await {
    private Await() {
    }

    /**
     * @param timeout the longest wait
     * @param condition what to wait for
     * @param state describes the state when the wait fails
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        ppacer.testing.Await.until(timeout, condition, state);
    }
}
