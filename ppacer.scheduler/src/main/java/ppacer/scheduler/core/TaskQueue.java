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

/**
 * The bounded queue of task attempts that executors take from, with the running-task limits.
 *
 * <p>Order: an entry is handed out only when its DAG is below its active-task limit and the queue is
 * below the global limit. Among the DAGs that can hand out, those whose best ready entry has the
 * highest priority weight are served <em>round-robin</em> (one entry per DAG in turn), so a DAG with
 * many tasks does not starve another of the same weight. Inside one DAG the order is
 * {@link QueuedTask#ORDER}: priority weight (higher first), then run age (older logical time, then
 * lower run id first), then topological order.
 *
 * <p>Delayed entries (retries) wait in a separate heap by {@link QueuedTask#dueAt()} and move to the
 * ready lanes when due by the injected clock; a waiting taker sleeps until the earliest due time.
 *
 * <p>Limits: a take counts as running for its DAG and globally until {@link #release(String)};
 * attempts recovered as running are counted with {@link #acquire(String)}.
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
    private final Map<String, Lane> lanes = new HashMap<>();
    /** Eligible lanes (ready entries, below their limit) by the priority of their head; insertion order = turn. */
    private final TreeMap<Integer, LinkedHashSet<Lane>> buckets = new TreeMap<>();
    private final PriorityQueue<QueuedTask> delayed = new PriorityQueue<>(
            java.util.Comparator.comparing(QueuedTask::dueAt).thenComparing(QueuedTask.ORDER));
    /** An emptied bucket kept for reuse: a DAG whose lane empties and refills does not allocate one each time. */
    private LinkedHashSet<Lane> spareBucket;
    private int size;
    private int running;

    /** The entries and running count of one DAG. */
    private static final class Lane {
        final String dagId;
        final ReadyEntries ready = new ReadyEntries();
        final int limit;
        int active;
        Integer bucket;

        Lane(String dagId, int limit) {
            this.dagId = dagId;
            this.limit = limit;
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
     * Ends the running count of one taken entry (the attempt finished, or was discarded).
     *
     * @param dagId the entry's DAG
     */
    public void release(String dagId) {
        lock.lock();
        try {
            Lane lane = lanes.get(dagId);
            if (lane == null || lane.active == 0) {
                throw new IllegalStateException("release of DAG '" + dagId + "' without a running entry");
            }
            lane.active--;
            running--;
            reposition(lane);
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
     * Counts one attempt as running without taking it (recovered after a restart).
     *
     * @param dagId the attempt's DAG
     */
    public void acquire(String dagId) {
        lock.lock();
        try {
            Lane lane = lane(dagId);
            lane.active++;
            running++;
            reposition(lane);
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
            Lane lane = lanes.get(dagId);
            return lane == null ? 0 : lane.active;
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
     */
    public record Place(PlaceState state, Instant dueAt, int position, int ofDag, int size, int dagRunning,
                        int dagLimit, int running, int maxRunning) {
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
        List<QueuedTask> ready = new ArrayList<>();
        Map<String, Instant> due = new HashMap<>();
        int dagRunning;
        int limit;
        int held;
        int runningNow;
        lock.lock();
        try {
            Lane lane = lane(dagId);
            lane.ready.copyTo(ready);
            Instant now = clock.instant();
            for (QueuedTask d : delayed) {
                if (!d.dagId().equals(dagId)) {
                    continue;
                }
                if (d.dueAt().isAfter(now)) {
                    due.put(Places.key(d.runId(), d.taskId(), d.attempt()), d.dueAt());
                } else {
                    ready.add(d); // due: the next take moves it to the ready lane first (see next)
                }
            }
            dagRunning = lane.active;
            limit = lane.limit;
            held = size;
            runningNow = running;
        } finally {
            lock.unlock();
        }
        ready.sort(QueuedTask.ORDER);
        Map<String, Integer> position = new HashMap<>();
        for (int k = 0; k < ready.size(); k++) {
            QueuedTask t = ready.get(k);
            position.put(Places.key(t.runId(), t.taskId(), t.attempt()), k + 1);
        }
        return new Places(position, due, ready.size(), held, dagRunning, limit, runningNow, maxRunning);
    }

    /** The places of one DAG's entries at one moment ({@link #places(String)}). */
    public static final class Places {
        private final Map<String, Integer> position;
        private final Map<String, Instant> due;
        private final int ofDag;
        private final int size;
        private final int dagRunning;
        private final int dagLimit;
        private final int running;
        private final int maxRunning;

        Places(Map<String, Integer> position, Map<String, Instant> due, int ofDag, int size, int dagRunning, int dagLimit,
               int running, int maxRunning) {
            this.position = position;
            this.due = due;
            this.ofDag = ofDag;
            this.size = size;
            this.dagRunning = dagRunning;
            this.dagLimit = dagLimit;
            this.running = running;
            this.maxRunning = maxRunning;
        }

        static String key(long runId, String taskId, int attempt) {
            return runId + "/" + attempt + "/" + taskId;
        }

        /**
         * @param runId the attempt's run
         * @param taskId its task
         * @param attempt its number
         * @return where it is
         */
        public Place place(long runId, String taskId, int attempt) {
            String key = key(runId, taskId, attempt);
            Instant at = due.get(key);
            if (at != null) {
                return new Place(PlaceState.DELAYED, at, 0, ofDag, size, dagRunning, dagLimit, running, maxRunning);
            }
            int p = position.getOrDefault(key, 0);
            return new Place(p > 0 ? PlaceState.READY : PlaceState.ABSENT, null, p, ofDag, size, dagRunning, dagLimit,
                    running, maxRunning);
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "TaskQueue[size=" + size + "/" + capacity + ", delayed=" + delayed.size() + ", running=" + running
                    + "/" + maxRunning + ", dags=" + lanes.size() + "]";
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
            Lane lane = lane(task.dagId());
            lane.ready.add(task);
            reposition(lane);
        }
        available.signalAll();
    }

    private QueuedTask next(Instant now) {
        QueuedTask d;
        while ((d = delayed.peek()) != null && !d.dueAt().isAfter(now)) {
            delayed.poll();
            Lane lane = lane(d.dagId());
            lane.ready.add(d);
            reposition(lane);
        }
        if (running >= maxRunning || buckets.isEmpty()) {
            return null;
        }
        LinkedHashSet<Lane> top = buckets.lastEntry().getValue();
        Lane lane = top.getFirst();
        QueuedTask t = lane.ready.poll();
        lane.active++;
        running++;
        size--;
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
        notFull.signal();
        return t;
    }

    private Lane lane(String dagId) {
        Lane lane = lanes.get(dagId);
        return lane != null ? lane : lanes.computeIfAbsent(dagId, id -> new Lane(id, Math.max(1, dagLimit.applyAsInt(id))));
    }

    private static Integer wantedBucket(Lane lane) {
        QueuedTask head = lane.ready.peek();
        return head != null && lane.active < lane.limit ? head.priority() : null;
    }

    private void reposition(Lane lane) {
        Integer want = wantedBucket(lane);
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
