package ppacer.scheduler.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Entries that come due at an instant, one per key, on a timer: the loop ({@link #step}) sleeps
 * until the earliest due time (or until an earlier entry arrives, or a {@link #wake}), then hands
 * each due entry to the handler. There is no polling tick: with nothing due, the loop sleeps.
 * Attempt leases (expired when no report came) and deadlines (missed when the run or task has not
 * ended) are two such timers.
 *
 * <p>Concurrency: a lock guards the two indexes (by key and by due time); the handler runs on the
 * loop's thread, outside the lock, and may schedule entries again.
 *
 * @param <K> what identifies an entry (one entry per key)
 * @param <V> the entry
 */
public final class DueTimer<K, V> {
    /** An entry with its due time and a sequence number, which orders entries due at the same instant. */
    private record Slot<V>(V value, Instant dueAt, long seq) {
    }

    private static final Comparator<Slot<?>> ORDER = Comparator.<Slot<?>, Instant>comparing(Slot::dueAt)
            .thenComparingLong(Slot::seq);

    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<Slot<V>> byDue = new TreeSet<>(ORDER);
    private final Map<K, Slot<V>> byKey = new HashMap<>();
    private final Waiter waiter = new Waiter();
    private final InstantSource clock;
    private final Function<V, K> key;
    private final Function<V, Instant> dueAt;
    private final Consumer<V> onDue;
    private long seq;

    /**
     * @param clock the clock due times are compared with
     * @param key the key of an entry
     * @param dueAt the due time of an entry
     * @param onDue called (on the loop's thread) for each entry that came due
     */
    public DueTimer(InstantSource clock, Function<V, K> key, Function<V, Instant> dueAt, Consumer<V> onDue) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.key = Objects.requireNonNull(key, "key");
        this.dueAt = Objects.requireNonNull(dueAt, "dueAt");
        this.onDue = Objects.requireNonNull(onDue, "onDue");
    }

    /**
     * Schedules an entry, replacing the one of the same key (a lease extended).
     *
     * @param value the entry
     */
    public void schedule(V value) {
        put(value, true);
    }

    /**
     * Schedules an entry unless one of the same key is scheduled (a deadline tracked once).
     *
     * @param value the entry
     * @return whether it was scheduled
     */
    public boolean scheduleIfAbsent(V value) {
        return put(value, false);
    }

    private boolean put(V value, boolean replace) {
        boolean earliest;
        lock.lock();
        try {
            K k = key.apply(value);
            Slot<V> old = byKey.get(k);
            if (old != null) {
                if (!replace) {
                    return false;
                }
                byDue.remove(old);
            }
            Slot<V> s = new Slot<>(value, dueAt.apply(value), seq++);
            byKey.put(k, s);
            byDue.add(s);
            earliest = byDue.first() == s;
        } finally {
            lock.unlock();
        }
        if (earliest) {
            waiter.wake();
        }
        return true;
    }

    /** @param k the key of an entry that no longer comes due (a lease ended by a report) */
    public void cancel(K k) {
        lock.lock();
        try {
            Slot<V> old = byKey.remove(k);
            if (old != null) {
                byDue.remove(old);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the entries due at {@code now}.
     *
     * @param now the instant to compare with
     * @return the due entries, earliest first
     */
    public List<V> due(Instant now) {
        List<V> out = new ArrayList<>();
        lock.lock();
        try {
            while (!byDue.isEmpty() && !byDue.first().dueAt().isAfter(now)) {
                Slot<V> s = byDue.pollFirst();
                byKey.remove(key.apply(s.value()));
                out.add(s.value());
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * One pass: hands every entry due at {@code now} to the handler.
     *
     * @param now the instant
     * @return the earliest remaining due time, or null when nothing is scheduled
     */
    public Instant runOnce(Instant now) {
        for (V v : due(now)) {
            onDue.accept(v);
        }
        lock.lock();
        try {
            return byDue.isEmpty() ? null : byDue.first().dueAt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The loop body: one pass, then sleep until the earliest due time or a wake.
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

    /** @return entries scheduled */
    public int size() {
        lock.lock();
        try {
            return byKey.size();
        } finally {
            lock.unlock();
        }
    }
}
