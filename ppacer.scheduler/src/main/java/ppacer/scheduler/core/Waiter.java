package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sleeps until an instant of the injected clock, or until {@link #wake()} is called.
 *
 * <p>Concurrency: one lock and one condition; a wake that arrives while the owner is busy is
 * remembered, so the next {@link #awaitUntil} returns at once (no lost wake-ups). Counts how often
 * the owner came back from waiting, so tests can assert that an idle scheduler does not wake up.
 *
 * <p>With a clock that is not the system clock the sleep is computed from that clock's "now", so a
 * test that moves a fake clock forward calls {@link #wake()} to make the owner look again.
 */
public final class Waiter {
    private static final Duration MAX_SLEEP = Duration.ofDays(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private final AtomicLong wakeUps = new AtomicLong();
    private boolean pending;

    /** Creates a waiter with no pending wake. */
    public Waiter() {
    }

    /**
     * Waits until {@code due} (by {@code clock}) or a wake, whichever comes first.
     *
     * @param due the instant to wake at, or null to wait only for a wake
     * @param clock the clock {@code due} is measured with
     * @throws InterruptedException when interrupted
     */
    public void awaitUntil(Instant due, InstantSource clock) throws InterruptedException {
        lock.lock();
        try {
            while (!pending) {
                if (due == null) {
                    woken.await();
                    continue;
                }
                Duration left = Duration.between(clock.instant(), due);
                if (!left.isPositive()) {
                    break;
                }
                woken.awaitNanos(left.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP.toNanos() : left.toNanos());
            }
            pending = false;
        } finally {
            lock.unlock();
        }
        wakeUps.incrementAndGet();
    }

    /** Makes the current or next {@link #awaitUntil} return. */
    public void wake() {
        lock.lock();
        try {
            pending = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return how many times a wait has returned */
    public long wakeUps() {
        return wakeUps.get();
    }
}
