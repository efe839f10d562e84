package ppacer.loadtest;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/**
 * The history scenario (issue 24 point 3): a store filled with a year of history, then the API pages the UI
 * reads and the scheduler's start with the unfinished runs to recover, each against the same store holding only
 * the templates of that history (the baseline, measured first in the same run).
 *
 * <p>The history: {@value #BIG_DAGS} DAGs of {@value #BIG_TASKS} independent tasks and {@value #SMALL_DAGS}
 * chains of {@value #SMALL_TASKS} tasks (100 DAGs, none scheduled). One template run per DAG is written through
 * the store SPI (every task's attempt SUCCESS; log lines: {@value #BIG_LOG_LINES} on the first task of a big
 * run, one on the first task of a small run), then copied by {@link BulkHistory} (set-based {@code INSERT ...
 * SELECT} a chunk of runs per transaction, on SQLite without fsync) one minute of logical time apart, and the
 * tables analyzed. A fifth of the attempts are in the big DAGs. {@value #UNFINISHED_DAGS} of the small DAGs
 * also get {@code unfinished / UNFINISHED_DAGS} RUNNING runs after their history, half their tasks done: the
 * runs the scheduler recovers at start. With {@code --history-attempts 10000000}: 1,000,000 runs,
 * 10,000,000 attempts, about 1.4 million log lines.
 *
 * <p>Measured (no executor: the recovered runs stay unfinished, so that every GET reads the same data): the
 * scheduler's start (from {@code Scheduler.start} to every unfinished run active) on a fresh store object, then
 * {@code n} timed GETs (after {@code n / 5} unmeasured ones) of each call of the UI's pages: overview
 * ({@code /ui/dagrun/stats}, {@code /ui/dagrun/latest/50}, {@code /executors}, {@code /pools}), DAG page
 * ({@code /dags/{id}}, {@code /dags/{id}/runs?limit=50}, {@code /dags/{id}/backfills}), run page of a 1,000-task
 * run ({@code /ui/dagrun/{id}}, {@code /dagruns/{id}}) and attempt log page
 * ({@code /ui/dagrun/task/{id}/{task}/0?offset=0&limit=100}); then the scheduler closed and started again on
 * the same store (a restart: recovery on a warm JVM, as a standby taking over after the lease).
 */
final class HistoryScale {
    static final int BIG_DAGS = 2;
    static final int BIG_TASKS = 1_000;
    static final int SMALL_DAGS = 98;
    static final int SMALL_TASKS = 8;
    static final int BIG_LOG_LINES = 200;
    static final int UNFINISHED_DAGS = 10;
    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

    private HistoryScale() {
    }

    private record NoOp(String id) implements Task {
        @Override
        public void execute(TaskContext context) {
        }
    }

    static String big(int i) {
        return "hist_big_" + i;
    }

    static String small(int i) {
        return "hist_" + i;
    }

    static DagRegistry registry() {
        List<Dag> dags = new ArrayList<>();
        for (int d = 0; d < BIG_DAGS; d++) {
            Node first = Node.of(new NoOp("w0"));
            Node[] more = new Node[BIG_TASKS - 1];
            for (int i = 1; i < BIG_TASKS; i++) {
                more[i - 1] = Node.of(new NoOp("w" + i));
            }
            dags.add(Dag.builder(big(d)).maxActiveRuns(1_000_000).maxActiveTasks(1_000_000).root(first, more).build());
        }
        for (int d = 0; d < SMALL_DAGS; d++) {
            Node head = Node.of(new NoOp("t0"));
            Node last = head;
            for (int i = 1; i < SMALL_TASKS; i++) {
                last = last.then(Node.of(new NoOp("t" + i)));
            }
            dags.add(Dag.builder(small(d)).maxActiveRuns(1_000_000).root(head).build());
        }
        return DagRegistry.of(dags);
    }

    /** Runs of each DAG, template included: a fifth of {@code attempts} in the big DAGs, the rest in the small. */
    record Shape(int bigRuns, int smallRuns, int unfinishedPerDag) {
        static Shape of(long attempts, int unfinished) {
            int big = (int) Math.max(2, attempts / 5 / ((long) BIG_DAGS * BIG_TASKS));
            int small = (int) Math.max(2, (attempts - (long) big * BIG_DAGS * BIG_TASKS) / ((long) SMALL_DAGS * SMALL_TASKS));
            return new Shape(big, small, Math.max(1, unfinished / UNFINISHED_DAGS));
        }

        long runs() {
            return (long) bigRuns * BIG_DAGS + (long) smallRuns * SMALL_DAGS + (long) unfinishedPerDag * UNFINISHED_DAGS;
        }

        long attempts() {
            return (long) bigRuns * BIG_DAGS * BIG_TASKS + (long) smallRuns * SMALL_DAGS * SMALL_TASKS
                    + (long) unfinishedPerDag * UNFINISHED_DAGS * (SMALL_TASKS / 2);
        }
    }

    /** The templates written through the SPI: one per DAG, and one unfinished run per unfinished DAG. */
    private record Templates(Map<String, Long> history, Map<String, Long> unfinished) {
    }

    static void run(Stack.Mode mode, long attempts, int unfinished, int gets, String pgUrl, boolean keep) throws Exception {
        Shape shape = Shape.of(attempts, unfinished);
        Path dir = Files.createTempDirectory("ppacer-history");
        String schema = "ppacer_history_" + ProcessHandle.current().pid();
        String url = switch (mode) {
            case EMBEDDED_SQLITE -> "jdbc:sqlite:" + dir.resolve("history.db");
            case EMBEDDED_POSTGRES -> {
                sql(pgUrl, "CREATE SCHEMA " + schema);
                yield pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            }
            default -> throw new IllegalArgumentException("the history scenario runs on embedded-sqlite or"
                    + " embedded-postgres, not " + mode);
        };
        BulkHistory.Db db = mode == Stack.Mode.EMBEDDED_POSTGRES ? BulkHistory.Db.POSTGRES : BulkHistory.Db.SQLITE;
        String label = mode == Stack.Mode.EMBEDDED_POSTGRES ? "PostgreSQL" : "SQLite";
        DagRegistry registry = registry();
        try {
            Templates t;
            // the DAGs synced by a first start (runs reference them), then the templates through the SPI
            try (Store store = Stores.open(StoreConfig.of(url))) {
                Scheduler s = start(registry, store);
                s.close();
                t = templates(store);
            }
            Map<String, long[]> base = measure(registry, url, t, t.history().get(big(0)), gets, UNFINISHED_DAGS);
            long g0 = System.nanoTime();
            long middleBig = 0;
            for (Map.Entry<String, Long> e : t.history().entrySet()) {
                boolean isBig = e.getKey().startsWith("hist_big_");
                long[] ids = BulkHistory.copy(url, db, e.getValue(), (isBig ? shape.bigRuns() : shape.smallRuns()) - 1, false);
                if (e.getKey().equals(big(0))) {
                    middleBig = ids[ids.length / 2];
                }
            }
            for (long tmpl : t.unfinished().values()) {
                BulkHistory.copy(url, db, tmpl, shape.unfinishedPerDag() - 1, false);
            }
            double fill = (System.nanoTime() - g0) / 1e9;
            long a0 = System.nanoTime();
            BulkHistory.analyze(url, db);
            double analyze = (System.nanoTime() - a0) / 1e9;
            System.out.printf(Locale.ROOT, "| history: generated (%,d runs over 100 DAGs, %,d attempts, %,d unfinished runs)"
                    + " | %s | %,d attempts | %.1f s + ANALYZE %.1f s | %,.0f attempts/s | | |%n", shape.runs(),
                    shape.attempts(), shape.unfinishedPerDag() * UNFINISHED_DAGS, label, shape.attempts(), fill, analyze,
                    shape.attempts() / fill);
            Map<String, long[]> full = measure(registry, url, t, middleBig, gets, shape.unfinishedPerDag() * UNFINISHED_DAGS);
            for (String call : full.keySet()) {
                long[] h = full.get(call);
                long[] b = base.get(call);
                if (call.startsWith("scheduler ")) {
                    System.out.printf(Locale.ROOT, "| history: %s | %s | %,d runs | | %.0f ms | %s, templates only:"
                            + " %.0f ms | %.1fx |%n", call, label, shape.runs(), ms(h[0]), "same", ms(b[0]),
                            (double) h[0] / Math.max(1, b[0]));
                } else {
                    System.out.printf(Locale.ROOT, "| history: GET %s | %s | %d calls | | p50 %.2f ms, p99 %.2f ms"
                            + " | templates only: p50 %.2f ms, p99 %.2f ms | %.1fx (p99) |%n", call, label, h.length,
                            ms(pct(h, 50)), ms(pct(h, 99)), ms(pct(b, 50)), ms(pct(b, 99)), (double) pct(h, 99) / pct(b, 99));
                }
            }
            if (keep) {
                System.out.println("history store kept: " + url + " (a 1,000-task run: " + middleBig + ")");
            }
        } finally {
            if (!keep) {
                if (mode == Stack.Mode.EMBEDDED_POSTGRES) {
                    sql(pgUrl, "DROP SCHEMA " + schema + " CASCADE");
                }
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    private static Scheduler start(DagRegistry registry, Store store) {
        return Scheduler.start(SchedulerConfig.builder(registry).store(store).queueCapacity(1_000_000)
                .maxRunningTasks(4096).stopTimeout(Duration.ofSeconds(2)).build());
    }

    private static Templates templates(Store store) {
        Instant old = BASE.minus(Duration.ofDays(1));
        Map<String, Long> history = new LinkedHashMap<>();
        Map<String, Long> unfinished = new LinkedHashMap<>();
        for (int d = 0; d < BIG_DAGS; d++) {
            history.put(big(d), template(store, big(d), BIG_TASKS, "w", BASE, DagRunStatus.SUCCESS, BIG_TASKS, BIG_LOG_LINES, old));
        }
        for (int d = 0; d < SMALL_DAGS; d++) {
            history.put(small(d), template(store, small(d), SMALL_TASKS, "t", BASE, DagRunStatus.SUCCESS, SMALL_TASKS, 1, old));
        }
        // after any history (10 years of minutes at most)
        Instant later = BASE.plus(Duration.ofDays(3_660 * 2));
        for (int d = 0; d < UNFINISHED_DAGS; d++) {
            unfinished.put(small(d), template(store, small(d), SMALL_TASKS, "t", later, DagRunStatus.RUNNING,
                    SMALL_TASKS / 2, 1, old));
        }
        return new Templates(history, unfinished);
    }

    /** One run with {@code done} tasks' attempts SUCCESS and {@code lines} log lines on the first task. */
    private static long template(Store store, String dag, int tasks, String prefix, Instant logical, DagRunStatus status,
                                 int done, int lines, Instant at) {
        long run = store.dagRuns().insert(new NewDagRun(dag, logical, status, "{}", ScheduleEventType.MANUALLY_TRIGGERED, tasks, at));
        List<NewAttempt> attempts = new ArrayList<>();
        for (int k = 0; k < done; k++) {
            attempts.add(new NewAttempt(new AttemptKey(run, prefix + k, 0), TaskStatus.SUCCESS, at, Optional.empty()));
        }
        store.attempts().insert(attempts);
        List<TaskLogRecord> logs = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            logs.add(new TaskLogRecord(new AttemptKey(run, prefix + "0", 0), at.plusMillis(i), "INFO",
                    "history line " + i + " of the first task", "{}"));
        }
        store.taskLogs().append(logs);
        return run;
    }

    /**
     * The scheduler started on the store (timed until {@code unfinished} runs are active), its HTTP server, the
     * UI's calls timed, then a restart timed the same way.
     *
     * @return per call its sorted nanoseconds; for "scheduler start" and "scheduler restart" one duration
     */
    private static Map<String, long[]> measure(DagRegistry registry, String url, Templates t, long bigRun, int gets,
                                               int unfinished) throws Exception {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (Store store = Stores.open(StoreConfig.of(url))) {
            long t0 = System.nanoTime();
            Scheduler scheduler = start(registry, store);
            awaitActive(scheduler, unfinished);
            out.put("scheduler start, recovering the unfinished runs", new long[] {System.nanoTime() - t0});
            SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0));
            try {
                HttpClient http = HttpClient.newHttpClient();
                String b = server.uri().toString().replaceAll("/$", "");
                String dag = small(SMALL_DAGS - 1);
                Map<String, String> calls = new LinkedHashMap<>();
                calls.put("/ui/dagrun/stats (overview)", "/ui/dagrun/stats");
                calls.put("/ui/dagrun/latest/50 (overview)", "/ui/dagrun/latest/50");
                calls.put("/executors (overview)", "/executors");
                calls.put("/pools (overview)", "/pools");
                calls.put("/dags/{id} (DAG page)", "/dags/" + dag);
                calls.put("/dags/{id}/runs?limit=50 (DAG page grid)", "/dags/" + dag + "/runs?limit=50");
                calls.put("/dags/{id}/runs?limit=50 (DAG page grid, 1,000-task DAG)", "/dags/" + big(1) + "/runs?limit=50");
                calls.put("/dags/{id}/backfills (DAG page)", "/dags/" + dag + "/backfills");
                calls.put("/ui/dagrun/{id} (run page, 1,000 tasks)", "/ui/dagrun/" + bigRun);
                calls.put("/dagruns/{id} (run page, 1,000 tasks)", "/dagruns/" + bigRun);
                calls.put("/ui/dagrun/task/{id}/{task}/0 (attempt log page, 100 of 200 lines)",
                        "/ui/dagrun/task/" + bigRun + "/w0/0?offset=0&limit=100");
                calls.put("/state (baseline of the server)", "/state");
                for (Map.Entry<String, String> c : calls.entrySet()) {
                    out.put(c.getKey(), LoadHarness.timeGets(http, b + c.getValue(), gets));
                }
            } finally {
                server.close();
                scheduler.close();
            }
        }
        try (Store store = Stores.open(StoreConfig.of(url))) {
            long t0 = System.nanoTime();
            Scheduler again = start(registry, store);
            awaitActive(again, unfinished);
            out.put("scheduler restart (warm JVM), recovering the unfinished runs", new long[] {System.nanoTime() - t0});
            again.close();
        }
        return out;
    }

    private static void awaitActive(Scheduler s, int runs) {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (s.stats().activeRuns() < runs) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after 5 minutes: " + s.stats().activeRuns() + " of " + runs
                        + " unfinished runs recovered");
            }
            LoadHarness.pause(1);
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void sql(String url, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
