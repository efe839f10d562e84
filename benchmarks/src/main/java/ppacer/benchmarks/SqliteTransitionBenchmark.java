package ppacer.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DagDefinition;
import ppacer.api.spi.DagTaskDefinition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;

/**
 * Acknowledged task-state transitions per second on a SQLite file (WAL, synchronous=NORMAL by
 * default, or FULL): the store's group commit with 1 and 8 platform threads, 8 and 64 virtual
 * threads, and 1 and 8 threads applying 4 transitions per call, against plain JDBC loops that
 * commit each transition on their own (1 thread; 8 threads on one connection; 8 threads on 8
 * connections) and the ceiling of 8 transitions per commit without any hand-off, in the same run. Each attempt goes SCHEDULED → RUNNING (with a lease) →
 * SUCCESS, two compare-and-set transitions, each acknowledged (committed) before the call returns.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * ppacer.benchmarks.SqliteTransitionBenchmark [attemptsPerCase [NORMAL|FULL]]}.
 */
public final class SqliteTransitionBenchmark {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final int TASKS = 1000;
    private static final String UPDATE = "UPDATE task_attempts SET status = ?, updated_at = ?, "
            + "started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at), "
            + "executor_id = COALESCE(?, executor_id), token = COALESCE(?, token), "
            + "lease_deadline = CASE WHEN ? THEN NULL ELSE COALESCE(?, lease_deadline) END, error = COALESCE(?, error) "
            + "WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = ?";

    private static final TaskStatus[][] STEPS = {{TaskStatus.SCHEDULED, TaskStatus.RUNNING},
        {TaskStatus.RUNNING, TaskStatus.SUCCESS}};

    private final Path dir;
    private final String url;
    private final String synchronous;
    private long nextRunTime;

    private SqliteTransitionBenchmark(Path dir, String synchronous) {
        this.dir = dir;
        this.synchronous = synchronous;
        this.url = "jdbc:sqlite:" + dir.resolve("bench.db");
    }

    /**
     * @param args optional: attempts per measured round (default 40000)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int attempts = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        String synchronous = args.length > 1 ? args[1].toUpperCase(Locale.ROOT) : "NORMAL";
        if (!List.of("NORMAL", "FULL").contains(synchronous)) {
            throw new IllegalArgumentException("synchronous must be NORMAL or FULL, was '" + args[1] + "'");
        }
        Path dir = Files.createTempDirectory("ppacer-bench");
        try {
            new SqliteTransitionBenchmark(dir, synchronous).run(attempts);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void run(int attempts) throws Exception {
        System.out.printf(Locale.ROOT, "SQLite file %s, WAL, synchronous=%s; %d attempts (x2 transitions) per case; "
                + "%d cores%n", url, synchronous, attempts, Runtime.getRuntime().availableProcessors());
        for (String phase : List.of("warm-up", "measure")) {
            double baseline = baseline(attempts);
            double shared = baselineShared(attempts, 8);
            double pool = baselinePool(attempts, 8);
            double ceiling = ceiling(attempts, 8);
            double unbounded = ceiling(attempts, 1000);
            double one = groupCommit(attempts, 1, false);
            double eight = groupCommit(attempts, 8, false);
            double eightVirtual = groupCommit(attempts, 8, true);
            double many = groupCommit(attempts, 64, true);
            double oneBatched = batched(attempts, 1, 4);
            double eightBatched = batched(attempts, 8, 4);
            double eightBatched16 = batched(attempts, 8, 16);
            line(phase, "baseline: plain JDBC, commit per transition, 1 thread", baseline, baseline, 0);
            line(phase, "baseline: plain JDBC, commit per transition, 8 threads, 1 connection", shared, baseline, 0);
            line(phase, "baseline: plain JDBC, commit per transition, 8 threads, 8 connections", pool, baseline, 0);
            line(phase, "ceiling: plain JDBC, 1 thread, one commit per 8 transitions", ceiling, baseline, 0);
            line(phase, "ceiling: plain JDBC, 1 thread, one commit per 1000 transitions", unbounded, baseline, 0);
            line(phase, "group commit, 1 thread", one, baseline, 0);
            line(phase, "group commit, 8 threads", eight, baseline, shared);
            line(phase, "group commit, 8 virtual threads", eightVirtual, baseline, shared);
            line(phase, "group commit, 64 virtual threads", many, baseline, shared);
            line(phase, "group commit, 1 thread, transitionAll of 4 per call", oneBatched, baseline, 0);
            line(phase, "group commit, 8 threads, transitionAll of 4 per call", eightBatched, baseline, shared);
            line(phase, "group commit, 8 threads, transitionAll of 16 per call", eightBatched16, baseline, shared);
        }
    }

    private static void line(String phase, String what, double perSecond, double baseline, double sameThreads) {
        String vsSame = sameThreads > 0 ? String.format(Locale.ROOT, "; %5.2fx of 8 threads on 1 connection",
                perSecond / sameThreads) : "";
        System.out.printf(Locale.ROOT, "%-8s %-70s %,9.0f/s (%5.2fx of 1 thread%s)%n", phase, what,
                perSecond, perSecond / baseline, vsSame);
    }

    private Store open() {
        Store store = Stores.open(StoreConfig.of(url).with("synchronous", synchronous));
        if (store.dags().find("bench").isEmpty()) {
            List<DagTaskDefinition> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(new DagTaskDefinition(task(i), "Bench", List.of(), 1, i + 1, "{}"));
            }
            store.dags().sync(List.of(new DagDefinition("bench", "", List.of(), "", false, 1000, "f", tasks)), T0);
        }
        return store;
    }

    private static String task(int i) {
        return "task-" + i;
    }

    /** Inserts {@code count} SCHEDULED attempts in fresh runs; returns their keys. */
    private List<AttemptKey> prepare(Store store, int count) {
        List<AttemptKey> keys = new ArrayList<>(count);
        while (keys.size() < count) {
            long run = store.dagRuns().insert(new NewDagRun("bench", T0.plusSeconds(nextRunTime++), DagRunStatus.RUNNING,
                    "{}", ScheduleEventType.REGULAR, TASKS, T0));
            List<NewAttempt> batch = new ArrayList<>();
            for (int i = 0; i < TASKS && keys.size() < count; i++) {
                AttemptKey k = new AttemptKey(run, task(i), 0);
                keys.add(k);
                batch.add(new NewAttempt(k, TaskStatus.SCHEDULED, T0));
            }
            store.attempts().insert(batch);
        }
        return keys;
    }

    private double groupCommit(int attempts, int threads, boolean virtual) throws Exception {
        try (Store store = open()) {
            List<AttemptKey> keys = prepare(store, attempts);
            List<Callable<Long>> workers = new ArrayList<>();
            for (List<AttemptKey> mine : split(keys, threads)) {
                workers.add(() -> {
                    long applied = 0;
                    for (AttemptKey k : mine) {
                        applied += store.attempts().transition(AttemptTransition.of(k, TaskStatus.SCHEDULED,
                                TaskStatus.RUNNING, T0).withLease("exec-1", "token", T0.plusSeconds(30))) ? 1 : 0;
                        applied += store.attempts().transition(AttemptTransition.of(k, TaskStatus.RUNNING,
                                TaskStatus.SUCCESS, T0)) ? 1 : 0;
                    }
                    return applied;
                });
            }
            return timed(workers, 2L * attempts, virtual);
        }
    }

    /**
     * As the scheduler writes when it hands out or settles several tasks of a run at once: each call
     * is {@code transitionAll} of {@code perCall} attempts (SCHEDULED → RUNNING for all, then RUNNING →
     * SUCCESS for all), each transition a compare-and-set, acknowledged after COMMIT.
     */
    private double batched(int attempts, int threads, int perCall) throws Exception {
        try (Store store = open()) {
            List<AttemptKey> keys = prepare(store, attempts);
            List<Callable<Long>> workers = new ArrayList<>();
            for (List<AttemptKey> mine : split(keys, threads)) {
                workers.add(() -> {
                    long applied = 0;
                    for (int from = 0; from < mine.size(); from += perCall) {
                        List<AttemptKey> group = mine.subList(from, Math.min(mine.size(), from + perCall));
                        List<AttemptTransition> start = new ArrayList<>();
                        List<AttemptTransition> end = new ArrayList<>();
                        for (AttemptKey k : group) {
                            start.add(AttemptTransition.of(k, TaskStatus.SCHEDULED, TaskStatus.RUNNING, T0)
                                    .withLease("exec-1", "token", T0.plusSeconds(30)));
                            end.add(AttemptTransition.of(k, TaskStatus.RUNNING, TaskStatus.SUCCESS, T0));
                        }
                        applied += store.attempts().transitionAll(start).stream().filter(b -> b).count();
                        applied += store.attempts().transitionAll(end).stream().filter(b -> b).count();
                    }
                    return applied;
                });
            }
            return timed(workers, 2L * attempts, false);
        }
    }

    /** Worker w of n gets attempts w, w+n, w+2n, ... (as executors working on the tasks of the same runs). */
    private static List<List<AttemptKey>> split(List<AttemptKey> keys, int threads) {
        List<List<AttemptKey>> out = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            List<AttemptKey> mine = new ArrayList<>();
            for (int i = w; i < keys.size(); i += threads) {
                mine.add(keys.get(i));
            }
            out.add(mine);
        }
        return out;
    }

    private static double timed(List<Callable<Long>> workers, long expected, boolean virtual) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = virtual ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newFixedThreadPool(workers.size())) {
            List<Future<Long>> futures = new ArrayList<>();
            for (Callable<Long> w : workers) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return w.call();
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            long applied = 0;
            for (Future<Long> f : futures) {
                applied += f.get(10, TimeUnit.MINUTES);
            }
            long nanos = System.nanoTime() - start;
            if (applied != expected) {
                throw new IllegalStateException("applied " + applied + " transitions, expected " + expected);
            }
            return applied * 1e9 / nanos;
        }
    }

    private List<AttemptKey> prepared(int attempts) {
        try (Store store = open()) {
            return prepare(store, attempts);
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=" + synchronous);
            st.execute("PRAGMA busy_timeout=5000");
        }
        c.setAutoCommit(false);
        return c;
    }

    /** The same transitions through one plain JDBC connection, one commit each. */
    private double baseline(int attempts) throws Exception {
        List<AttemptKey> keys = prepared(attempts);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            return timed(List.of(() -> commitEach(c, ps, keys, null)), 2L * attempts, false);
        }
    }

    /** Both transitions of each attempt, one commit each, holding {@code lock} (if any) around each. */
    private static long commitEach(Connection c, PreparedStatement ps, List<AttemptKey> keys, Lock lock)
            throws SQLException {
        long applied = 0;
        for (AttemptKey k : keys) {
            for (TaskStatus[] step : STEPS) {
                if (lock != null) {
                    lock.lock();
                }
                try {
                    applied += update(ps, k, step[0], step[1]);
                    c.commit();
                } finally {
                    if (lock != null) {
                        lock.unlock();
                    }
                }
            }
        }
        return applied;
    }

    /** {@code threads} threads sharing one plain JDBC connection under a lock, one commit per transition. */
    private double baselineShared(int attempts, int threads) throws Exception {
        List<AttemptKey> keys = prepared(attempts);
        ReentrantLock lock = new ReentrantLock();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            List<Callable<Long>> workers = new ArrayList<>();
            for (List<AttemptKey> mine : split(keys, threads)) {
                workers.add(() -> commitEach(c, ps, mine, lock));
            }
            return timed(workers, 2L * attempts, false);
        }
    }

    /**
     * {@code threads} threads, each with its own plain JDBC connection (as from a connection pool),
     * one commit per transition; SQLite lets one writer at a time in, the others wait in its busy handler.
     */
    private double baselinePool(int attempts, int threads) throws Exception {
        List<AttemptKey> keys = prepared(attempts);
        List<Connection> connections = new ArrayList<>();
        try {
            List<Callable<Long>> workers = new ArrayList<>();
            for (List<AttemptKey> mine : split(keys, threads)) {
                Connection c = connect();
                connections.add(c);
                PreparedStatement ps = c.prepareStatement(UPDATE);
                workers.add(() -> commitEach(c, ps, mine, null));
            }
            return timed(workers, 2L * attempts, false);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /**
     * The most that callers with one transition each in flight can get from a writer that commits
     * {@code perCommit} of them at a time: one thread, plain JDBC, no hand-offs at all.
     */
    private double ceiling(int attempts, int perCommit) throws Exception {
        List<AttemptKey> keys = prepared(attempts);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            Callable<Long> loop = () -> {
                long applied = 0;
                for (int from = 0; from < keys.size(); from += perCommit) {
                    List<AttemptKey> group = keys.subList(from, Math.min(keys.size(), from + perCommit));
                    for (TaskStatus[] step : STEPS) {
                        for (AttemptKey k : group) {
                            applied += update(ps, k, step[0], step[1]);
                        }
                        c.commit();
                    }
                }
                return applied;
            };
            return timed(List.of(loop), 2L * attempts, false);
        }
    }

    private static long update(PreparedStatement ps, AttemptKey k, TaskStatus from, TaskStatus to)
            throws SQLException {
        long at = T0.getEpochSecond() * 1_000_000L;
        boolean running = to == TaskStatus.RUNNING;
        ps.setString(1, to.name());
        ps.setLong(2, at);
        ps.setObject(3, running ? at : null);
        ps.setObject(4, running ? null : at);
        ps.setObject(5, running ? "exec-1" : null);
        ps.setObject(6, running ? "token" : null);
        ps.setBoolean(7, !running);
        ps.setObject(8, running ? at + 30_000_000L : null);
        ps.setObject(9, null);
        ps.setLong(10, k.runId());
        ps.setString(11, k.taskId());
        ps.setInt(12, k.attempt());
        ps.setString(13, from.name());
        return ps.executeUpdate();
    }
}
