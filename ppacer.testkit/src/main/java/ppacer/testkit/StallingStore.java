package ppacer.testkit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.TaskAttemptStore;

/**
 * Wraps a real store; once armed, the attempt transitions ({@code transition}, {@code transitionAll})
 * that carry a transition matching a predicate block on a latch until {@link #release()} (a stalled
 * database), and a given number of calls matching another predicate fail with a {@link
 * StoreException} instead of writing (a transient error: nothing is written).
 */
public final class StallingStore {
    private final Store store;
    private volatile Predicate<AttemptTransition> stalls = t -> false;
    private volatile Predicate<AttemptTransition> fails = t -> false;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();

    /** @param delegate the real store */
    public StallingStore(Store delegate) {
        this.store = StoreProxy.wrap(delegate, (type, m, args, call) -> {
            if (type != TaskAttemptStore.class) {
                return call.proceed();
            }
            if (matches(stalls, m, args)) {
                stalled.incrementAndGet();
                entered.countDown();
                if (!gate.await(5, TimeUnit.MINUTES)) {
                    throw new AssertionError("the stalled store was never released");
                }
            }
            if (matches(fails, m, args) && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StoreException("test: the commit of " + args[0] + " failed (transient), nothing written");
            }
            return call.proceed();
        });
    }

    private static boolean matches(Predicate<AttemptTransition> p, Method m, Object[] args) {
        if (m.getName().equals("transition")) {
            return p.test((AttemptTransition) args[0]);
        }
        if (m.getName().equals("transitionAll")) {
            return ((List<?>) args[0]).stream().anyMatch(t -> p.test((AttemptTransition) t));
        }
        return false;
    }

    /** @return the wrapping store */
    public Store store() {
        return store;
    }

    /**
     * Arms the stall.
     *
     * @param which the transitions that stall
     */
    public void stall(Predicate<AttemptTransition> which) {
        stalls = which;
    }

    /**
     * Makes the next calls carrying a matching transition fail (after their stall, if they stall).
     *
     * @param which the transitions whose calls fail
     * @param count how many calls fail
     */
    public void fail(Predicate<AttemptTransition> which, int count) {
        failures.set(count);
        fails = which;
    }

    /** Waits until a call stalled. */
    public void awaitStalled() {
        Await.until(Duration.ofMinutes(1), () -> entered.getCount() == 0, () -> "no attempt transition stalled");
    }

    /** Lets every stalled call (and every later one) go on. */
    public void release() {
        gate.countDown();
    }

    /** @return how many calls stalled */
    public int stalled() {
        return stalled.get();
    }
}
