package ppacer.scheduler.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import ppacer.api.spi.AttemptKey;

/**
 * Watches the leases of handed-out attempts and reports the expired ones. The loop sleeps until the
 * earliest deadline (or until a new earlier lease arrives); there is no polling tick.
 *
 * <p>Concurrency: a lock guards the two indexes (by key and by deadline); the expiry handler runs on
 * the monitor's thread, outside the lock.
 */
public final class AttemptLeaseMonitor {
    /**
     * One lease.
     *
     * @param key the attempt
     * @param token the attempt token
     * @param deadline when it expires
     */
    public record AttemptLease(AttemptKey key, String token, Instant deadline) {
    }

    private static final Comparator<AttemptLease> BY_DEADLINE = Comparator.comparing(AttemptLease::deadline)
            .thenComparingLong(l -> l.key().runId()).thenComparing(l -> l.key().taskId())
            .thenComparingInt(l -> l.key().attempt());

    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<AttemptLease> byDeadline = new TreeSet<>(BY_DEADLINE);
    private final Map<AttemptKey, AttemptLease> byKey = new HashMap<>();
    private final Waiter waiter = new Waiter();
    private final InstantSource clock;
    private final Consumer<AttemptLease> onExpired;

    /**
     * @param clock the clock deadlines are compared with
     * @param onExpired called (on the monitor thread) for each expired lease
     */
    public AttemptLeaseMonitor(InstantSource clock, Consumer<AttemptLease> onExpired) {
        this.clock = clock;
        this.onExpired = onExpired;
    }

    /**
     * Starts or extends a lease.
     *
     * @param key the attempt
     * @param token its token
     * @param deadline the new deadline
     */
    public void track(AttemptKey key, String token, Instant deadline) {
        boolean earliest;
        lock.lock();
        try {
            AttemptLease old = byKey.put(key, new AttemptLease(key, token, deadline));
            if (old != null) {
                byDeadline.remove(old);
            }
            AttemptLease l = byKey.get(key);
            byDeadline.add(l);
            earliest = byDeadline.first() == l;
        } finally {
            lock.unlock();
        }
        if (earliest) {
            waiter.wake();
        }
    }

    /** @param key an attempt whose lease ends (reported, cancelled) */
    public void untrack(AttemptKey key) {
        lock.lock();
        try {
            AttemptLease old = byKey.remove(key);
            if (old != null) {
                byDeadline.remove(old);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the leases expired at {@code now}.
     *
     * @param now the instant to compare with
     * @return the expired leases, earliest first
     */
    public List<AttemptLease> expired(Instant now) {
        List<AttemptLease> out = new ArrayList<>();
        lock.lock();
        try {
            while (!byDeadline.isEmpty() && !byDeadline.first().deadline().isAfter(now)) {
                AttemptLease l = byDeadline.pollFirst();
                byKey.remove(l.key());
                out.add(l);
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * One pass: hands every lease expired at {@code now} to the handler.
     *
     * @param now the instant
     * @return the earliest remaining deadline, or null when no lease is held
     */
    public Instant runOnce(Instant now) {
        for (AttemptLease l : expired(now)) {
            onExpired.accept(l);
        }
        lock.lock();
        try {
            return byDeadline.isEmpty() ? null : byDeadline.first().deadline();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The loop body: one pass, then sleep until the earliest deadline or a wake.
     *
     * @throws InterruptedException when interrupted
     */
    public void step() throws InterruptedException {
        waiter.awaitUntil(runOnce(clock.instant()), clock);
    }

    /** Makes the loop look at the clock again. */
    public void wake() {
        waiter.wake();
    }

    /** @return how often the loop woke up */
    public long wakeUps() {
        return waiter.wakeUps();
    }

    /** @return leases held */
    public int size() {
        lock.lock();
        try {
            return byKey.size();
        } finally {
            lock.unlock();
        }
    }
}
