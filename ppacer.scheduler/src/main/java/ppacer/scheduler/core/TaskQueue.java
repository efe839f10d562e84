package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.model.PoolUsage;

/**
 * The bounded queue of task attempts that executors take from, with the running-task limits.
 *
 * <p>Order: an entry is handed out only when its DAG is below its active-task limit and the queue is
 * below the global limit. Among the DAGs that can hand out, those whose best ready entry has the
 * highest priority weight are served <em>round-robin</em> (one entry per DAG in turn), so a DAG with
 * many tasks does not starve another of the same weight. Inside one DAG the order is
 * {@link QueuedTask#ORDER}: priority weight (higher first), then runs outside backfills before
 * backfill runs, then run age (older logical time, then lower run id first), then topological order.
 *
 * <p>Fairness to backfills (issue 18): at equal priority weight, a lane whose best entry belongs to a
 * scheduled or triggered run goes before every lane whose best entry belongs to a backfill run (the
 * lanes are bucketed by {@link QueuedTask#bucket()}: priority, then not-a-backfill), so a backfill
 * takes free executor capacity, and free pool slots, only when no other run's entry of its weight is
 * ready; a backfill's old logical times do not put it first. An explicit higher priority weight still
 * goes first, backfill or not.
 *
 * <p>Delayed entries (retries) wait in a separate heap by {@link QueuedTask#dueAt()} and move to the
 * ready lanes when due by the injected clock; a waiting taker sleeps until the earliest due time.
 *
 * <p>Limits: a take counts as running for its DAG and globally until {@link #release(String, String, AttemptKey)};
 * attempts recovered as running are counted with {@link #acquire(String, String, int, AttemptKey)}.
 *
 * <p>Pools: an entry with a {@link QueuedTask#pool()} is handed out only when its pool has
 * {@link QueuedTask#poolSlots()} free slots, and holds them until released. The entries of one DAG
 * are kept in one lane per pool (plus one for the entries without a pool), so an entry whose pool is
 * full waits without holding back the entries of other pools or of none behind it; the lanes of a
 * pool compete for its free slots by the same order as all lanes (priority, then round-robin between
 * DAGs; inside a lane priority, then run age), except that a free slot goes to the oldest entry
 * (outside backfills first, then logical time, then run id) of the top priority among the pool's lanes rather than to the DAGs in
 * turn. A pool that entries name but that is not defined
 * ({@link #setPool}) has no slots: its entries wait until it is defined. The holders of each pool
 * are kept by attempt key, so its used count is the sum of the slots of its holders and never drifts.
 *
 * <p>Concurrency: one {@link ReentrantLock}; takers wait on {@code available}, producers on
 * {@code notFull} when the queue holds {@code capacity} entries (ready plus delayed). Nothing is
 * dropped and nothing spins. Costs: offer and take are O(log p) in the number of distinct priority
 * weights, plus O(1) in the entries of the DAG when they arrive in order (see {@link ReadyEntries}),
 * else O(log n).
 */
public final class TaskQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final int capacity;
    private final int maxRunning;
    private final ToIntFunction<String> dagLimit;
    private final InstantSource clock;
    private final Map<String, DagLanes> dags = new HashMap<>();
    private final Map<String, Pool> pools = new HashMap<>();
    /**
     * Eligible lanes (ready entries, below their limit) by the {@link QueuedTask#bucket() bucket} of their
     * head: its priority, then outside backfills before backfill runs; insertion order = turn.
     */
    private final TreeMap<Long, LinkedHashSet<Lane>> buckets = new TreeMap<>();
    private final PriorityQueue<QueuedTask> delayed = new PriorityQueue<>(
            java.util.Comparator.comparing(QueuedTask::dueAt).thenComparing(QueuedTask.ORDER));
    /** An emptied bucket kept for reuse: a DAG whose lane empties and refills does not allocate one each time. */
    private LinkedHashSet<Lane> spareBucket;
    private int size;
    private int running;

    private static final Lane[] NO_LANES = new Lane[0];

    /** The running count and the lanes of one DAG. */
    private static final class DagLanes {
        final String dagId;
        int limit;
        int active;
        /** The entries without a pool. */
        final Lane plain;
        /** One lane per pool that entries of this DAG used. */
        Lane[] pooled = NO_LANES;

        DagLanes(String dagId, int limit) {
            this.dagId = dagId;
            this.limit = limit;
            this.plain = new Lane(this, null);
        }
    }

    /** A pool: its size, the slots held, who holds them, and the lanes of its entries. */
    private static final class Pool {
        final String name;
        int slots;
        boolean defined;
        int used;
        /** Holders in hand-out order: attempt → slots held. */
        final Map<AttemptKey, Integer> holders = new java.util.LinkedHashMap<>();
        Lane[] lanes = NO_LANES;

        Pool(String name) {
            this.name = name;
        }
    }

    /** The ready entries of one DAG in one pool (or in none). */
    private static final class Lane {
        final DagLanes dag;
        final Pool pool;
        final ReadyEntries ready = new ReadyEntries();
        Long bucket;

        Lane(DagLanes dag, Pool pool) {
            this.dag = dag;
            this.pool = pool;
        }
    }

    /**
     * @param capacity max entries held (ready plus delayed), at least 1
     * @param maxRunning max entries taken and not yet released, over all DAGs, at least 1
     * @param dagLimit max running entries per DAG id (asked once per DAG)
     * @param clock decides when delayed entries are due
     */
    public TaskQueue(int capacity, int maxRunning, ToIntFunction<String> dagLimit, InstantSource clock) {
        if (capacity < 1 || maxRunning < 1) {
            throw new IllegalArgumentException("capacity and maxRunning must be >= 1, were " + capacity + ", " + maxRunning);
        }
        this.capacity = capacity;
        this.maxRunning = maxRunning;
        this.dagLimit = Objects.requireNonNull(dagLimit, "dagLimit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds an entry if there is room.
     *
     * @param task the entry; delayed when its {@code dueAt} is after now
     * @return false when the queue is full
     */
    public boolean offer(QueuedTask task) {
        lock.lock();
        try {
            if (size >= capacity) {
                return false;
            }
            add(task);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds an entry, waiting while the queue is full (back-pressure).
     *
     * @param task the entry
     * @throws InterruptedException when interrupted while waiting
     */
    public void put(QueuedTask task) throws InterruptedException {
        lock.lock();
        try {
            while (size >= capacity) {
                notFull.await();
            }
            add(task);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds an entry, waiting up to {@code timeout} while the queue is full.
     *
     * @param task the entry
     * @param timeout the longest wait
     * @return false when still full after the timeout (nothing added)
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean put(QueuedTask task, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (size >= capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            add(task);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return the next entry that may be handed out now, counted as running; empty if none */
    public Optional<QueuedTask> poll() {
        lock.lock();
        try {
            return Optional.ofNullable(next(clock.instant()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next entry, waiting up to {@code timeout} for one to be ready, due and within limits.
     *
     * @param timeout the longest wait (long poll)
     * @return the entry, counted as running; empty after the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public Optional<QueuedTask> take(Duration timeout) throws InterruptedException {
        List<QueuedTask> one = takeUpTo(1, timeout);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.getFirst());
    }

    /**
     * Takes up to {@code n} entries: waits up to {@code timeout} for the first, then takes what else
     * is available without waiting.
     *
     * @param n the most entries to take, at least 1
     * @param timeout the longest wait for the first
     * @return the entries, each counted as running; empty after the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public List<QueuedTask> takeUpTo(int n, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        List<QueuedTask> out = new ArrayList<>(Math.min(n, 64));
        lock.lock();
        try {
            while (true) {
                Instant now = clock.instant();
                QueuedTask t;
                while (out.size() < n && (t = next(now)) != null) {
                    out.add(t);
                }
                if (!out.isEmpty() || nanos <= 0) {
                    return out;
                }
                long wait = nanos;
                QueuedTask firstDelayed = delayed.peek();
                if (firstDelayed != null) {
                    long untilDue = Duration.between(now, firstDelayed.dueAt()).toNanos();
                    wait = Math.max(1, Math.min(wait, untilDue));
                }
                long before = System.nanoTime();
                available.awaitNanos(wait);
                nanos -= System.nanoTime() - before;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the running count of one taken entry that uses no pool.
     *
     * @param dagId the entry's DAG
     */
    public void release(String dagId) {
        release(dagId, null, null);
    }

    /**
     * Ends the running count of one taken entry (its hand-out was discarded) and frees its pool slots.
     *
     * @param entry the entry taken
     */
    public void release(QueuedTask entry) {
        release(entry.dagId(), entry.pool(), entry.pool() == null ? null : entry.key());
    }

    /**
     * Ends the running count of one taken entry (the attempt finished, or was discarded) and frees
     * the slots of its pool.
     *
     * @param dagId the entry's DAG
     * @param pool the entry's pool; null for none
     * @param key the attempt (used only with a pool: the holder whose slots are freed)
     */
    public void release(String dagId, String pool, AttemptKey key) {
        lock.lock();
        try {
            DagLanes dag = dags.get(dagId);
            if (dag == null || dag.active == 0) {
                throw new IllegalStateException("release of DAG '" + dagId + "' without a running entry");
            }
            Pool p = null;
            if (pool != null) {
                p = pools.get(pool);
                Integer held = p == null ? null : p.holders.remove(key);
                if (held == null) {
                    throw new IllegalStateException("release of " + key + " that holds no slot of pool '" + pool + "'");
                }
                p.used -= held;
            }
            dag.active--;
            running--;
            repositionAll(dag);
            if (p != null) {
                repositionAll(p);
            }
            available.signalAll();
            if (running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no entry is running (all taken entries released).
     *
     * @param timeout the longest wait
     * @return true when idle, false after the timeout
     * @throws InterruptedException when interrupted
     */
    public boolean awaitNoneRunning(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (running > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts one attempt as running without taking it (recovered after a restart), with the slots
     * of its pool (even beyond the pool's size: it runs already).
     *
     * @param dagId the attempt's DAG
     * @param pool its pool; null for none
     * @param slots the slots it holds (ignored without a pool)
     * @param key the attempt
     */
    public void acquire(String dagId, String pool, int slots, AttemptKey key) {
        lock.lock();
        try {
            DagLanes dag = dag(dagId);
            dag.active++;
            running++;
            repositionAll(dag);
            if (pool != null) {
                Pool p = pool(pool);
                if (p.holders.putIfAbsent(key, slots) != null) {
                    throw new IllegalStateException(key + " already holds slots of pool '" + pool + "'");
                }
                p.used += slots;
                repositionAll(p);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Defines a pool or changes its size. Growing it lets waiting entries go at once; shrinking it
     * below the slots held lets the holders finish and hands out nothing new of it meanwhile.
     *
     * @param name the pool
     * @param slots its size, 0 or more (0: nothing of it is handed out)
     */
    public void setPool(String name, int slots) {
        if (slots < 0) {
            throw new IllegalArgumentException("pool slots must be 0 or more, were " + slots);
        }
        lock.lock();
        try {
            Pool p = pool(name);
            p.slots = slots;
            p.defined = true;
            repositionAll(p);
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks again for the running limit of every DAG it knows (a new version of a DAG's code may change
     * its max active tasks): a higher limit lets its waiting entries out at once; a lower one hands
     * out none of its entries until its running count is below it (none is stopped).
     */
    public void refreshLimits() {
        lock.lock();
        try {
            for (DagLanes dag : dags.values()) {
                int limit = Math.max(1, dagLimit.applyAsInt(dag.dagId));
                if (limit != dag.limit) {
                    dag.limit = limit;
                    repositionAll(dag);
                }
            }
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Undefines a pool: its entries wait (no slots) until it is defined again; its holders keep
     * their slots until released.
     *
     * @param name the pool
     */
    public void removePool(String name) {
        lock.lock();
        try {
            Pool p = pools.get(name);
            if (p != null) {
                p.slots = 0;
                p.defined = false;
                repositionAll(p);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param name a pool
     * @return its size, slots held, holders and waiting entries now; empty when neither defined
     *     nor named by an entry
     */
    public Optional<PoolUsage> poolUsage(String name) {
        lock.lock();
        try {
            Pool p = pools.get(name);
            return p == null ? Optional.empty() : Optional.of(usage(p));
        } finally {
            lock.unlock();
        }
    }

    /** @return every pool defined or named by an entry, by name */
    public List<PoolUsage> poolUsages() {
        lock.lock();
        try {
            List<PoolUsage> out = new ArrayList<>(pools.size());
            for (Pool p : pools.values()) {
                out.add(usage(p));
            }
            out.sort(java.util.Comparator.comparing(PoolUsage::name));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiting takers so that they re-read the clock (used with a fake clock). */
    public void wake() {
        lock.lock();
        try {
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return entries held, ready plus delayed */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** @return entries taken and not released */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @return entries of that DAG taken and not released
     */
    public int running(String dagId) {
        lock.lock();
        try {
            DagLanes dag = dags.get(dagId);
            return dag == null ? 0 : dag.active;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where an attempt is in the queue now, with the limits that decide when it is handed out: the
     * same lanes, delayed heap and counts that {@code takeUpTo} uses.
     *
     * @param state whether it waits for its due time, is ready, or is not in the queue (handed out, or
     *     not yet put)
     * @param dueAt when a delayed entry becomes ready; null otherwise
     * @param position its 1-based position among its DAG's ready entries (0 unless ready)
     * @param ofDag its DAG's ready entries
     * @param size all entries held, ready plus delayed
     * @param dagRunning its DAG's entries taken and not released
     * @param dagLimit its DAG's running limit
     * @param running entries taken and not released over all DAGs
     * @param maxRunning the global running limit
     * @param aheadOutsideBackfills for a ready entry of a backfill run, how many of its DAG's ready
     *     entries of runs outside backfills go before it (0 otherwise)
     */
    public record Place(PlaceState state, Instant dueAt, int position, int ofDag, int size, int dagRunning,
                        int dagLimit, int running, int maxRunning, int aheadOutsideBackfills) {
        /** @return true when its DAG runs as many entries as it may */
        public boolean dagFull() {
            return dagRunning >= dagLimit;
        }

        /** @return true when the queue runs as many entries as it may over all DAGs */
        public boolean globalFull() {
            return running >= maxRunning;
        }
    }

    /** Where an entry is. */
    public enum PlaceState {
        /** Not in the queue. */
        ABSENT,
        /** Waiting for its due time (a retry delay). */
        DELAYED,
        /** Ready, waiting for its turn and the limits. */
        READY
    }

    /**
     * The places of one DAG's entries now (see {@link Place}), copied in one pass under the lock so
     * that explaining every task of a run costs one sort, not a scan per task.
     *
     * @param dagId the DAG
     * @return its entries' places
     */
    public Places places(String dagId) {
        DagSnapshot snap = snapshot(dagId);
        return new Places(snap.ready, null, null, due(snap.waiting, -1, null), snap.ready.size(), snap.held,
                snap.dagRunning, snap.limit, snap.running, snap.maxRunning);
    }

    private static Map<Places.Key, Instant> due(List<QueuedTask> waiting, long runId, String taskId) {
        Map<Places.Key, Instant> due = new HashMap<>();
        for (QueuedTask d : waiting) {
            if (taskId == null || d.runId() == runId && d.taskId().equals(taskId)) {
                due.put(Places.key(d.runId(), d.taskId(), d.attempt()), d.dueAt());
            }
        }
        return due;
    }

    /**
     * The place of one task's entry (any attempt) among its DAG's entries at one moment: as {@link
     * #places(String)} but for one task, without sorting or indexing the DAG's other entries (a count
     * of the ready entries that go before it), so asking about one task of a huge run stays cheap.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param taskId the task
     * @return the places, holding at most that task's entry
     */
    public Places places(String dagId, long runId, String taskId) {
        DagSnapshot snap = snapshot(dagId);
        QueuedTask target = null;
        for (QueuedTask t : snap.ready) {
            if (t.runId() == runId && t.taskId().equals(taskId)) {
                target = t;
                break;
            }
        }
        Map<Places.Key, Integer> position = new HashMap<>();
        Map<Places.Key, Integer> ahead = new HashMap<>();
        if (target != null) {
            int before = 0;
            int outside = 0;
            for (QueuedTask t : snap.ready) {
                if (QueuedTask.ORDER.compare(t, target) < 0) {
                    before++;
                    if (!t.backfill()) {
                        outside++;
                    }
                }
            }
            Places.Key key = Places.key(target.runId(), target.taskId(), target.attempt());
            position.put(key, before + 1);
            if (target.backfill() && outside > 0) {
                ahead.put(key, outside);
            }
        }
        return new Places(null, position, ahead, due(snap.waiting, runId, taskId), snap.ready.size(), snap.held,
                snap.dagRunning, snap.limit, snap.running, snap.maxRunning);
    }

    /**
     * One DAG's entries and limits copied under the lock: its ready entries (with the delayed ones
     * already due: the next take moves them to a ready lane first, see {@link #next}), its delayed
     * entries not due yet, and the counts a {@link Places} reports.
     */
    private record DagSnapshot(List<QueuedTask> ready, List<QueuedTask> waiting, int dagRunning, int limit, int held,
                               int running, int maxRunning) {
    }

    private DagSnapshot snapshot(String dagId) {
        List<QueuedTask> ready = new ArrayList<>();
        List<QueuedTask> waiting = new ArrayList<>();
        lock.lock();
        try {
            DagLanes lanes = dag(dagId);
            lanes.plain.ready.copyTo(ready);
            for (Lane pooled : lanes.pooled) {
                pooled.ready.copyTo(ready);
            }
            Instant now = clock.instant();
            for (QueuedTask d : delayed) {
                if (d.dagId().equals(dagId)) {
                    (d.dueAt().isAfter(now) ? waiting : ready).add(d);
                }
            }
            return new DagSnapshot(ready, waiting, lanes.active, lanes.limit, size, running, maxRunning);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The places of one DAG's entries at one moment ({@link #places(String)}), or of one task's
     * ({@link #places(String, long, String)}). For a DAG, nothing is sorted or indexed until asked:
     * {@link #state} looks an entry up by its run and task, and {@link #place} sorts the entries once
     * (an array, no map of every entry) and finds each one asked for by a binary search, so the reasons
     * of a 10,000-task run cost one lookup each and the positions of a page of them one sort. Not
     * thread-safe: one answer's use.
     */
    public static final class Places {
        /** The DAG's ready entries, unsorted; null for one task's places (then {@link #position} holds it). */
        private final List<QueuedTask> entries;
        private final Map<Places.Key, Integer> position;
        private final Map<Places.Key, Integer> ahead;
        private final Map<Places.Key, Instant> due;
        private final int ofDag;
        private final int size;
        private final int dagRunning;
        private final int dagLimit;
        private final int running;
        private final int maxRunning;
        private QueuedTask[] sorted;
        /** For each index of {@link #sorted}: how many entries outside backfills go before it. */
        private int[] outsideBefore;
        private long indexedRun = Long.MIN_VALUE;
        private Map<String, QueuedTask> ofRun;

        Places(List<QueuedTask> entries, Map<Places.Key, Integer> position, Map<Places.Key, Integer> ahead,
               Map<Places.Key, Instant> due, int ofDag, int size, int dagRunning, int dagLimit, int running,
               int maxRunning) {
            this.entries = entries;
            this.position = position;
            this.ahead = ahead;
            this.due = due;
            this.ofDag = ofDag;
            this.size = size;
            this.dagRunning = dagRunning;
            this.dagLimit = dagLimit;
            this.running = running;
            this.maxRunning = maxRunning;
        }

        /** An attempt's key in the maps (a record: no string built per entry). */
        record Key(long runId, int attempt, String taskId) {
        }

        static Key key(long runId, String taskId, int attempt) {
            return new Key(runId, attempt, taskId);
        }

        /**
         * @param runId the attempt's run
         * @param taskId its task
         * @param attempt its number
         * @return where it is, with its position among the DAG's ready entries
         */
        public Place place(long runId, String taskId, int attempt) {
            return find(runId, taskId, attempt, true);
        }

        /**
         * As {@link #place} without the position (0) and its backfill count: whether the attempt is
         * ready, delayed or absent, and the limits; costs a lookup, never a sort.
         *
         * @param runId the attempt's run
         * @param taskId its task
         * @param attempt its number
         * @return where it is, position left out
         */
        public Place state(long runId, String taskId, int attempt) {
            return find(runId, taskId, attempt, false);
        }

        private Place find(long runId, String taskId, int attempt, boolean withPosition) {
            if (!due.isEmpty()) {
                Instant at = due.get(key(runId, taskId, attempt));
                if (at != null) {
                    return new Place(PlaceState.DELAYED, at, 0, ofDag, size, dagRunning, dagLimit, running, maxRunning, 0);
                }
            }
            if (entries == null) {
                Key key = key(runId, taskId, attempt);
                int p = position.getOrDefault(key, 0);
                return new Place(p > 0 ? PlaceState.READY : PlaceState.ABSENT, null, withPosition ? p : 0, ofDag, size,
                        dagRunning, dagLimit, running, maxRunning, withPosition ? ahead.getOrDefault(key, 0) : 0);
            }
            QueuedTask e = ofRun(runId).get(taskId);
            if (e == null || e.attempt() != attempt) {
                return new Place(PlaceState.ABSENT, null, 0, ofDag, size, dagRunning, dagLimit, running, maxRunning, 0);
            }
            int p = 0;
            int outside = 0;
            if (withPosition) {
                int i = indexOf(e);
                p = i + 1;
                outside = e.backfill() ? outsideBefore[i] : 0;
            }
            return new Place(PlaceState.READY, null, p, ofDag, size, dagRunning, dagLimit, running, maxRunning, outside);
        }

        private Map<String, QueuedTask> ofRun(long runId) {
            if (ofRun == null || indexedRun != runId) {
                ofRun = new HashMap<>();
                for (QueuedTask t : entries) {
                    if (t.runId() == runId) {
                        ofRun.put(t.taskId(), t);
                    }
                }
                indexedRun = runId;
            }
            return ofRun;
        }

        /** @return the index of this very entry in the sorted entries (among equal ones, by identity) */
        private int indexOf(QueuedTask e) {
            if (sorted == null) {
                sorted = entries.toArray(QueuedTask[]::new);
                java.util.Arrays.sort(sorted, QueuedTask.ORDER);
                outsideBefore = new int[sorted.length];
                int outside = 0;
                for (int k = 0; k < sorted.length; k++) {
                    outsideBefore[k] = outside;
                    if (!sorted[k].backfill()) {
                        outside++;
                    }
                }
            }
            int i = java.util.Arrays.binarySearch(sorted, e, QueuedTask.ORDER);
            int lo = i;
            while (lo > 0 && QueuedTask.ORDER.compare(sorted[lo - 1], e) == 0) {
                lo--;
            }
            for (int k = lo; k < sorted.length && QueuedTask.ORDER.compare(sorted[k], e) == 0; k++) {
                if (sorted[k] == e) {
                    return k;
                }
            }
            return i;
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "TaskQueue[size=" + size + "/" + capacity + ", delayed=" + delayed.size() + ", running=" + running
                    + "/" + maxRunning + ", dags=" + dags.size() + ", pools=" + pools.size() + "]";
        } finally {
            lock.unlock();
        }
    }

    // ---- under the lock ----

    private void add(QueuedTask task) {
        size++;
        if (task.dueAt().isAfter(clock.instant())) {
            delayed.add(task);
        } else {
            Lane lane = lane(task);
            lane.ready.add(task);
            reposition(lane);
        }
        available.signalAll();
    }

    private QueuedTask next(Instant now) {
        QueuedTask d;
        while ((d = delayed.peek()) != null && !d.dueAt().isAfter(now)) {
            delayed.poll();
            Lane lane = lane(d);
            lane.ready.add(d);
            reposition(lane);
        }
        if (running >= maxRunning || buckets.isEmpty()) {
            return null;
        }
        Map.Entry<Long, LinkedHashSet<Lane>> best = buckets.lastEntry();
        LinkedHashSet<Lane> top = best.getValue();
        Lane lane = top.getFirst();
        if (lane.pool != null && lane.pool.lanes.length > 1) {
            lane = oldest(lane.pool, best.getKey(), lane);
        }
        QueuedTask t = lane.ready.poll();
        DagLanes dag = lane.dag;
        dag.active++;
        running++;
        size--;
        Pool pool = lane.pool;
        if (pool != null) {
            pool.holders.put(t.key(), t.poolSlots());
            pool.used += t.poolSlots();
        }
        // The lane goes to the back of its (new) bucket: round-robin between DAGs. When it is alone
        // in its bucket and stays there, it already is at the back: no bucket is removed and re-made.
        if (top.size() > 1 || !Objects.equals(wantedBucket(lane), lane.bucket)) {
            top.remove(lane);
            if (top.isEmpty()) {
                spareBucket = buckets.remove(lane.bucket);
            }
            lane.bucket = null;
            reposition(lane);
        }
        // the other lanes of its DAG and of its pool may have reached a limit (none without pools)
        if (dag.pooled.length > 0) {
            repositionAll(dag);
        }
        if (pool != null) {
            repositionAll(pool);
        }
        notFull.signal();
        return t;
    }

    /**
     * A free slot of a pool goes to the oldest entry of the top priority among the pool's lanes,
     * whichever DAG it belongs to (not to the DAGs in turn): O(DAGs using the pool).
     */
    private static Lane oldest(Pool pool, Long bucket, Lane first) {
        Lane out = first;
        QueuedTask head = first.ready.peek();
        for (Lane l : pool.lanes) {
            if (l != first && bucket.equals(l.bucket)) {
                QueuedTask h = l.ready.peek();
                if (QueuedTask.ORDER.compare(h, head) < 0) {
                    out = l;
                    head = h;
                }
            }
        }
        return out;
    }

    private DagLanes dag(String dagId) {
        DagLanes dag = dags.get(dagId);
        return dag != null ? dag : dags.computeIfAbsent(dagId, id -> new DagLanes(id, Math.max(1, dagLimit.applyAsInt(id))));
    }

    private Pool pool(String name) {
        return pools.computeIfAbsent(name, Pool::new);
    }

    /** @return the lane of the entry's DAG and pool, made on first use */
    private Lane lane(QueuedTask task) {
        DagLanes dag = dag(task.dagId());
        String name = task.pool();
        if (name == null) {
            return dag.plain;
        }
        for (Lane l : dag.pooled) {
            if (l.pool.name.equals(name)) {
                return l;
            }
        }
        Pool pool = pool(name);
        Lane lane = new Lane(dag, pool);
        dag.pooled = append(dag.pooled, lane);
        pool.lanes = append(pool.lanes, lane);
        return lane;
    }

    private static Lane[] append(Lane[] lanes, Lane lane) {
        Lane[] out = java.util.Arrays.copyOf(lanes, lanes.length + 1);
        out[lanes.length] = lane;
        return out;
    }

    private PoolUsage usage(Pool p) {
        int waiting = 0;
        for (Lane l : p.lanes) {
            waiting += l.ready.size();
        }
        return new PoolUsage(p.name, p.slots, p.used, waiting, p.defined, new ArrayList<>(p.holders.keySet()));
    }

    private static Long wantedBucket(Lane lane) {
        QueuedTask head = lane.ready.peek();
        if (head == null || lane.dag.active >= lane.dag.limit) {
            return null;
        }
        Pool pool = lane.pool;
        return pool == null || pool.used + head.poolSlots() <= pool.slots ? head.bucket() : null;
    }

    private void repositionAll(DagLanes dag) {
        reposition(dag.plain);
        for (Lane l : dag.pooled) {
            reposition(l);
        }
    }

    private void repositionAll(Pool pool) {
        for (Lane l : pool.lanes) {
            reposition(l);
        }
    }

    private void reposition(Lane lane) {
        Long want = wantedBucket(lane);
        if (Objects.equals(want, lane.bucket)) {
            return;
        }
        if (lane.bucket != null) {
            LinkedHashSet<Lane> old = buckets.get(lane.bucket);
            old.remove(lane);
            if (old.isEmpty()) {
                spareBucket = buckets.remove(lane.bucket);
            }
        }
        lane.bucket = want;
        if (want != null) {
            LinkedHashSet<Lane> bucket = buckets.get(want);
            if (bucket == null) {
                bucket = spareBucket != null ? spareBucket : new LinkedHashSet<>();
                spareBucket = null;
                buckets.put(want, bucket);
            }
            bucket.add(lane);
        }
    }
}
