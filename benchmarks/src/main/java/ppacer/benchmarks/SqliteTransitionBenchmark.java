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
 * Acknowledged task-state transitions per second on a SQLite file (WAL, synchronous=NORMAL):
 * the store's group commit with 1 and 8 caller (platform) threads, and 64 virtual threads, against a plain JDBC loop that commits each
 * transition on its own, in the same run. Each attempt goes SCHEDULED → RUNNING (with a lease) →
 * SUCCESS, two compare-and-set transitions, each acknowledged (committed) before the call returns.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * ppacer.benchmarks.SqliteTransitionBenchmark [attemptsPerRound]}.
 */
public final class SqliteTransitionBenchmark {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final int TASKS = 1000;
    private static final String UPDATE = "UPDATE task_attempts SET status = ?, updated_at = ?, "
            + "started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at), "
            + "executor_id = COALESCE(?, executor_id), token = COALESCE(?, token), "
            + "lease_deadline = CASE WHEN ? THEN NULL ELSE COALESCE(?, lease_deadline) END, error = COALESCE(?, error) "
            + "WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = ?";

    private final Path dir;
    private final String url;
    private long nextRunTime;

    private SqliteTransitionBenchmark(Path dir) {
        this.dir = dir;
        this.url = "jdbc:sqlite:" + dir.resolve("bench.db");
    }

    /**
     * @param args optional: attempts per measured round (default 40000)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int attempts = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        Path dir = Files.createTempDirectory("ppacer-bench");
        try {
            new SqliteTransitionBenchmark(dir).run(attempts);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void run(int attempts) throws Exception {
        System.out.printf(Locale.ROOT, "SQLite file %s, WAL, synchronous=NORMAL; %d attempts (x2 transitions) per round; "
                + "%d cores%n", url, attempts, Runtime.getRuntime().availableProcessors());
        for (String phase : List.of("warm-up", "measure")) {
            double baseline = baseline(attempts);
            double one = groupCommit(attempts, 1);
            double eight = groupCommit(attempts, 8);
            double many = groupCommit(attempts, 64);
            System.out.printf(Locale.ROOT, "%-8s baseline (JDBC, commit per transition, 1 thread): %,10.0f transitions/s%n",
                    phase, baseline);
            System.out.printf(Locale.ROOT, "%-8s group commit, 1 thread:                         %,10.0f transitions/s "
                    + "(%.2fx)%n", phase, one, one / baseline);
            System.out.printf(Locale.ROOT, "%-8s group commit, 8 threads:                        %,10.0f transitions/s "
                    + "(%.2fx)%n", phase, eight, eight / baseline);
            System.out.printf(Locale.ROOT, "%-8s group commit, 64 virtual threads:               %,10.0f transitions/s "
                    + "(%.2fx)%n", phase, many, many / baseline);
        }
    }

    private Store open() {
        Store store = Stores.open(StoreConfig.of(url));
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

    private double groupCommit(int attempts, int threads) throws Exception {
        try (Store store = open()) {
            List<AttemptKey> keys = prepare(store, attempts);
            List<Callable<Long>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                List<AttemptKey> mine = new ArrayList<>();
                for (int i = w; i < keys.size(); i += threads) {
                    mine.add(keys.get(i));
                }
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
            return timed(workers, 2L * attempts);
        }
    }

    private static double timed(List<Callable<Long>> workers, long expected) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = workers.size() > 8 ? Executors.newVirtualThreadPerTaskExecutor()
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

    /** The same transitions through one plain JDBC connection, one commit each. */
    private double baseline(int attempts) throws Exception {
        List<AttemptKey> keys;
        try (Store store = open()) {
            keys = prepare(store, attempts);
        }
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA busy_timeout=5000");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                Callable<Long> loop = () -> {
                    long applied = 0;
                    for (AttemptKey k : keys) {
                        applied += update(c, ps, k, TaskStatus.SCHEDULED, TaskStatus.RUNNING);
                        applied += update(c, ps, k, TaskStatus.RUNNING, TaskStatus.SUCCESS);
                    }
                    return applied;
                };
                return timed(List.of(loop), 2L * attempts);
            }
        }
    }

    private static long update(Connection c, PreparedStatement ps, AttemptKey k, TaskStatus from, TaskStatus to)
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
        int n = ps.executeUpdate();
        c.commit();
        return n;
    }
}
