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
 *
 * <p>Fairness: runs of a backfill wait in a queue of their own, behind the DAG's other runs. A
 * free slot goes to a waiting scheduled or triggered run first; a backfill run is admitted only
 * when none waits, and a new backfill run takes a slot only when nothing waits at all
 * ({@link #tryAcquireBackfill}). A new scheduled run is never held back by waiting backfill runs.
 */
public final class RunAdmission {
    /**
     * A run waiting for a slot.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param logicalTime its logical time
     * @param paramsJson its parameters
     * @param backfill true for a run of a backfill: it waits behind the DAG's other runs
     * @param bundleHash the DAG bundle version recorded on the run (it starts on that version), empty for a DAG
     *     of the image
     */
    public record Waiting(String dagId, long runId, Instant logicalTime, String paramsJson, boolean backfill,
                          java.util.Optional<String> bundleHash) {
        /** Checks the version. */
        public Waiting {
            java.util.Objects.requireNonNull(bundleHash, "bundleHash");
        }

        /**
         * A waiting run of a DAG of the image.
         *
         * @param dagId the DAG
         * @param runId the run
         * @param logicalTime its logical time
         * @param paramsJson its parameters
         * @param backfill true for a run of a backfill
         */
        public Waiting(String dagId, long runId, Instant logicalTime, String paramsJson, boolean backfill) {
            this(dagId, runId, logicalTime, paramsJson, backfill, java.util.Optional.empty());
        }

        /**
         * A waiting run that is not a backfill's.
         *
         * @param dagId the DAG
         * @param runId the run
         * @param logicalTime its logical time
         * @param paramsJson its parameters
         */
        public Waiting(String dagId, long runId, Instant logicalTime, String paramsJson) {
            this(dagId, runId, logicalTime, paramsJson, false);
        }
    }

    /**
     * The slot an active run holds: its DAG's, and whether the run is a backfill's. The overlap
     * policy of a DAG looks at the runs outside backfills only ({@link #activeOutsideBackfills}), so
     * a backfill never makes a scheduled point skip, wait or cancel.
     *
     * @param dagId the DAG
     * @param backfill whether the run is a backfill's
     */
    public record Slot(String dagId, boolean backfill) {
    }

    private static final Comparator<Waiting> ORDER = Comparator.comparing(Waiting::logicalTime)
            .thenComparingLong(Waiting::runId);
    /** Backfill runs start in the order the backfill created them (logical-time order, or reverse). */
    private static final Comparator<Waiting> CREATION = Comparator.comparingLong(Waiting::runId);

    private static final class Slots {
        int max;
        int active;
        /** How many of {@link #active} are backfill runs. */
        int activeBackfill;
        boolean paused;
        final TreeSet<Waiting> queued = new TreeSet<>(ORDER);
        final TreeSet<Waiting> backfill = new TreeSet<>(CREATION);

        Slots(int max) {
            this.max = max;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Slots> slots = new HashMap<>();
    private volatile java.util.function.Consumer<Waiting> onQueued = w -> { };

    /** Creates an empty admission. */
    public RunAdmission() {
    }

    /**
     * Registers a DAG, or takes its new settings when it is registered already (a new version of its
     * code, deployed while the scheduler runs): a higher limit lets waiting runs in at the next
     * {@link #admit()}; a lower one lets no new run in until the active ones are below it (none is
     * stopped).
     *
     * @param dagId a DAG
     * @param maxActive its max active runs
     * @param paused whether it is paused
     */
    public void register(String dagId, int maxActive, boolean paused) {
        lock.lock();
        try {
            Slots s = slots.computeIfAbsent(dagId, k -> new Slots(maxActive));
            s.max = maxActive;
            s.paused = paused;
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
     * Takes a slot for a new run of a backfill if one is free, no run of the DAG waits (scheduled,
     * triggered or backfill) and the DAG is not paused.
     *
     * @param dagId the DAG
     * @return true when the run may start now
     */
    public boolean tryAcquireBackfill(String dagId) {
        lock.lock();
        try {
            Slots s = slots.get(dagId);
            if (s.paused || !s.queued.isEmpty() || !s.backfill.isEmpty() || s.active >= s.max) {
                return false;
            }
            s.active++;
            s.activeBackfill++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a run as active without asking (recovered, restarted or reopened runs).
     *
     * @param slot the run's DAG and origin
     */
    public void acquire(Slot slot) {
        lock.lock();
        try {
            Slots s = slots.get(slot.dagId());
            s.active++;
            if (slot.backfill()) {
                s.activeBackfill++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** @param waiting a run to start when a slot frees (a backfill's behind the others) */
    public void enqueue(Waiting waiting) {
        lock.lock();
        try {
            Slots s = slots.get(waiting.dagId());
            (waiting.backfill() ? s.backfill : s.queued).add(waiting);
        } finally {
            lock.unlock();
        }
        onQueued.accept(waiting);
    }

    /**
     * Sets what to do when a run is queued (deadlines counted from its logical time are tracked from
     * then); called outside the admission's lock.
     *
     * @param listener the listener
     */
    public void onQueued(java.util.function.Consumer<Waiting> listener) {
        onQueued = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** @param slot the slot of an active run that finished (or was not started) */
    public void release(Slot slot) {
        lock.lock();
        try {
            Slots s = slots.get(slot.dagId());
            s.active = Math.max(0, s.active - 1);
            if (slot.backfill()) {
                s.activeBackfill = Math.max(0, s.activeBackfill - 1);
            }
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

    /**
     * @return the queued runs that may start now (their slots taken), oldest first per DAG, then
     *     backfill runs in creation order when slots are left
     */
    public List<Waiting> admit() {
        List<Waiting> out = new ArrayList<>();
        lock.lock();
        try {
            for (Slots s : slots.values()) {
                while (!s.paused && s.active < s.max && !s.queued.isEmpty()) {
                    out.add(s.queued.pollFirst());
                    s.active++;
                }
                while (!s.paused && s.active < s.max && !s.backfill.isEmpty()) {
                    out.add(s.backfill.pollFirst());
                    s.activeBackfill++;
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

    /**
     * @param dagId a DAG
     * @return its active runs that are not a backfill's: what its overlap policy counts
     */
    public int activeOutsideBackfills(String dagId) {
        lock.lock();
        try {
            Slots s = slots.get(dagId);
            return s.active - s.activeBackfill;
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
     * What holds a queued run back, as {@link #admit()} decides it.
     *
     * @param paused whether its DAG is paused
     * @param active its DAG's active runs
     * @param max its DAG's max active runs
     * @param queued whether the run waits here
     * @param ahead the runs of its DAG queued before it, oldest first
     */
    public record Standing(boolean paused, int active, int max, boolean queued, List<Long> ahead) {
        /** Freezes. */
        public Standing {
            ahead = List.copyOf(ahead);
        }
    }

    /**
     * @param dagId a DAG
     * @param runId one of its runs
     * @return what holds that run back
     */
    public Standing standing(String dagId, long runId) {
        lock.lock();
        try {
            Slots s = slots.get(dagId);
            List<Long> ahead = new ArrayList<>();
            boolean queued = false;
            for (Waiting w : s.queued) {
                if (w.runId() == runId) {
                    queued = true;
                    break;
                }
                ahead.add(w.runId());
            }
            return new Standing(s.paused, s.active, s.max, queued, queued ? ahead : List.of());
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
            return slots.values().stream().mapToInt(s -> s.queued.size() + s.backfill.size()).sum();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @return its max active runs
     */
    public int max(String dagId) {
        lock.lock();
        try {
            return slots.get(dagId).max;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @return its queued runs that are not a backfill's (they are admitted before backfill runs)
     */
    public int queuedAhead(String dagId) {
        lock.lock();
        try {
            return slots.get(dagId).queued.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the backfill runs of a DAG that {@code which} selects out of the waiting line (they are
     * being cancelled).
     *
     * @param dagId a DAG
     * @param which selects by run id
     * @return the runs taken out, in creation order
     */
    public List<Waiting> drainBackfill(String dagId, java.util.function.LongPredicate which) {
        lock.lock();
        try {
            List<Waiting> out = new ArrayList<>();
            slots.get(dagId).backfill.removeIf(w -> which.test(w.runId()) && out.add(w));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @param runId a run of it
     * @return whether the run is a backfill run waiting for a slot
     */
    public boolean backfillQueued(String dagId, long runId) {
        lock.lock();
        try {
            Slots s = slots.get(dagId);
            return s != null && s.backfill.stream().anyMatch(w -> w.runId() == runId);
        } finally {
            lock.unlock();
        }
    }
}
