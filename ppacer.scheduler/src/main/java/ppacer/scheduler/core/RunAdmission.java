package ppacer.scheduler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Max active runs per DAG and the runs waiting for a slot (QUEUED), which start in logical-time
 * order when a slot frees. Paused DAGs admit nothing. All in memory; the watcher persists.
 */
public final class RunAdmission {
    /**
     * A run waiting for a slot.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param logicalTime its logical time
     * @param paramsJson its parameters
     */
    public record Waiting(String dagId, long runId, Instant logicalTime, String paramsJson) {
    }

    private static final Comparator<Waiting> ORDER = Comparator.comparing(Waiting::logicalTime)
            .thenComparingLong(Waiting::runId);

    private static final class Slots {
        final int max;
        int active;
        boolean paused;
        final TreeSet<Waiting> queued = new TreeSet<>(ORDER);

        Slots(int max) {
            this.max = max;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Slots> slots = new HashMap<>();

    /** Creates an empty admission. */
    public RunAdmission() {
    }

    /**
     * @param dagId a DAG
     * @param maxActive its max active runs
     * @param paused whether it starts paused
     */
    public void register(String dagId, int maxActive, boolean paused) {
        lock.lock();
        try {
            slots.computeIfAbsent(dagId, k -> new Slots(maxActive)).paused = paused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot for a new run if one is free, nothing waits before it and the DAG is not paused.
     *
     * @param dagId the DAG
     * @return true when the run may start now
     */
    public boolean tryAcquire(String dagId) {
        lock.lock();
        try {
            Slots s = slots.get(dagId);
            if (s.paused || !s.queued.isEmpty() || s.active >= s.max) {
                return false;
            }
            s.active++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a run as active without asking (recovered, restarted or reopened runs).
     *
     * @param dagId the DAG
     */
    public void acquire(String dagId) {
        lock.lock();
        try {
            slots.get(dagId).active++;
        } finally {
            lock.unlock();
        }
    }

    /** @param waiting a run to start when a slot frees */
    public void enqueue(Waiting waiting) {
        lock.lock();
        try {
            slots.get(waiting.dagId()).queued.add(waiting);
        } finally {
            lock.unlock();
        }
    }

    /** @param dagId a DAG whose active run finished */
    public void release(String dagId) {
        lock.lock();
        try {
            Slots s = slots.get(dagId);
            s.active = Math.max(0, s.active - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @param paused the new flag
     */
    public void paused(String dagId, boolean paused) {
        lock.lock();
        try {
            slots.get(dagId).paused = paused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @return whether it is paused
     */
    public boolean paused(String dagId) {
        lock.lock();
        try {
            return slots.get(dagId).paused;
        } finally {
            lock.unlock();
        }
    }

    /** @return the queued runs that may start now (their slots taken), oldest first per DAG */
    public List<Waiting> admit() {
        List<Waiting> out = new ArrayList<>();
        lock.lock();
        try {
            for (Slots s : slots.values()) {
                while (!s.paused && s.active < s.max && !s.queued.isEmpty()) {
                    out.add(s.queued.pollFirst());
                    s.active++;
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * @param dagId a DAG
     * @return its active runs
     */
    public int active(String dagId) {
        lock.lock();
        try {
            return slots.get(dagId).active;
        } finally {
            lock.unlock();
        }
    }

    /** @return active runs over all DAGs */
    public int active() {
        lock.lock();
        try {
            return slots.values().stream().mapToInt(s -> s.active).sum();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @return its runs waiting for a slot
     */
    public int queued(String dagId) {
        lock.lock();
        try {
            return slots.get(dagId).queued.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes every run of a DAG out of the waiting line (they are being cancelled).
     *
     * @param dagId a DAG
     * @return the runs that waited, oldest first
     */
    public List<Waiting> drainQueued(String dagId) {
        lock.lock();
        try {
            Slots s = slots.get(dagId);
            List<Waiting> out = new ArrayList<>(s.queued);
            s.queued.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** @return queued runs over all DAGs */
    public int queued() {
        lock.lock();
        try {
            return slots.values().stream().mapToInt(s -> s.queued.size()).sum();
        } finally {
            lock.unlock();
        }
    }
}
