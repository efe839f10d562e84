package ppacer.loadtest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.Tracing;
import ppacer.api.spi.TracingConfig;
import ppacer.exec.client.SchedulerClient;
import ppacer.server.InProcessWorker;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.server.WorkerConfig;

/**
 * One scheduler with its executors for a scenario: embedded on SQLite, two HTTP executor
 * processes on SQLite, embedded on PostgreSQL (a fresh schema, dropped afterwards) or embedded on
 * MariaDB/MySQL (a fresh database, dropped afterwards).
 */
final class Stack implements AutoCloseable {
    enum Mode { EMBEDDED_SQLITE, HTTP_SQLITE, EMBEDDED_POSTGRES, EMBEDDED_MYSQL }

    /** The MariaDB/MySQL server of {@link Mode#EMBEDDED_MYSQL} unless {@code PPACER_MYSQL_URL} names another. */
    static final String MYSQL_DEFAULT = "jdbc:mysql://127.0.0.1:3306/test?user=root";

    final Mode mode;
    final Scheduler scheduler;
    final Store store;
    private final SchedulerServer server;
    private final InProcessWorker worker;
    private final java.net.URI otlp;
    private final Tracing tracing;
    private final List<Process> executors = new ArrayList<>();
    private final Path dir;
    private final String pgSchema;
    private final String pgAdminUrl;
    private final String mysqlDatabase;
    /** The store's JDBC URL (PostgreSQL with its schema, MariaDB with its database, the SQLite file). */
    final String jdbcUrl;
    private final String mysqlAdminUrl;

    Stack(Mode mode, DagRegistry registry, int wide, int chain, String pgUrl, Store wrapped) throws IOException {
        this(mode, registry, wide, chain, pgUrl, wrapped, null);
    }

    /**
     * @param otlp where the scheduler's and the executors' spans go (OTLP/HTTP); null for no tracing
     */
    Stack(Mode mode, DagRegistry registry, int wide, int chain, String pgUrl, Store wrapped, java.net.URI otlp)
            throws IOException {
        this.mode = mode;
        this.otlp = otlp;
        this.tracing = otlp == null ? Tracing.OFF : Tracing.open(new TracingConfig(true, otlp, 1.0, "ppacer-load",
                TracingConfig.DEFAULT_STORE_THRESHOLD));
        this.dir = Files.createTempDirectory("ppacer-load");
        String url;
        if (mode == Mode.EMBEDDED_POSTGRES) {
            pgSchema = "ppacer_load_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
            pgAdminUrl = pgUrl;
            sql(pgUrl, "CREATE SCHEMA " + pgSchema);
            url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + pgSchema;
            mysqlDatabase = null;
            mysqlAdminUrl = null;
        } else if (mode == Mode.EMBEDDED_MYSQL) {
            pgSchema = null;
            pgAdminUrl = null;
            String admin = System.getenv().getOrDefault("PPACER_MYSQL_URL", MYSQL_DEFAULT);
            mysqlDatabase = "ppacer_load_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
            mysqlAdminUrl = admin;
            sql(admin, "CREATE DATABASE " + mysqlDatabase);
            url = withDatabase(admin, mysqlDatabase);
        } else {
            pgSchema = null;
            pgAdminUrl = null;
            mysqlDatabase = null;
            mysqlAdminUrl = null;
            url = "jdbc:sqlite:" + dir.resolve("load.db");
        }
        jdbcUrl = url;
        store = wrapped != null ? wrapped : Stores.open(StoreConfig.of(url));
        scheduler = Scheduler.start(SchedulerConfig.builder(registry).store(store).queueCapacity(100_000)
                .maxRunningTasks(4096).pool(LoadDags.POOL, LoadDags.POOL_SLOTS).maxMapItems(Math.max(1_024, wide))
                .stopTimeout(Duration.ofSeconds(2)).tracing(tracing).build());
        if (mode == Mode.HTTP_SQLITE) {
            worker = null;
            server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0));
            for (int i = 1; i <= 2; i++) {
                executors.add(startExecutor("exec" + i, wide, chain));
            }
        } else {
            server = null;
            worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withConcurrency(256)
                    .withPollTimeout(Duration.ofSeconds(1)));
        }
    }

    /**
     * The SQLite file's size after a full checkpoint (the WAL's pages written back and the WAL truncated,
     * so that the file shows what the database holds).
     *
     * @return e.g. {@code 512.3 MB + WAL 0.0 MB}, or "-" on PostgreSQL and MariaDB
     */
    String sqliteSize() throws IOException {
        if (mode == Mode.EMBEDDED_POSTGRES || mode == Mode.EMBEDDED_MYSQL) {
            return "-";
        }
        Path db = dir.resolve("load.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 60000");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (java.sql.SQLException e) {
            throw new IOException("checkpoint of " + db + " failed: " + e.getMessage(), e);
        }
        Path wal = dir.resolve("load.db-wal");
        return String.format(java.util.Locale.ROOT, "%.1f MB + WAL %.1f MB", Files.size(db) / 1e6,
                Files.exists(wal) ? Files.size(wal) / 1e6 : 0.0);
    }

    private Process startExecutor(String id, int wide, int chain) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dir.resolve(id + ".log");
        // the JVM options of the `ppacer` launcher (jlink/src/main/image/bin/ppacer), which an executor runs with
        // in production: C1 only and the serial collector suit small machines (on these 2 cores, C2 compiling
        // the fresh executor JVMs took more CPU during the measurement than the executors' own work)
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss512k"));
        // extra JVM options for profiling, e.g. PPACER_LOAD_EXECUTOR_OPTS="-XX:StartFlightRecording=filename=/tmp/%id.jfr"
        String extra = System.getenv().getOrDefault("PPACER_LOAD_EXECUTOR_OPTS", "").strip();
        if (!extra.isEmpty()) {
            for (String o : extra.split("\\s+")) {
                cmd.add(o.replace("%id", id));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ExecutorProcess.class.getName(),
                server.uri().toString(), id, String.valueOf(wide), String.valueOf(chain), "256"));
        if (otlp != null) {
            cmd.add(otlp.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(log).contains("READY")) {
            if (System.nanoTime() > end || !p.isAlive()) {
                throw new IllegalStateException("executor " + id + " did not start: " + Files.readString(log));
            }
            LoadHarness.pause(20);
        }
        return p;
    }

    /**
     * @return CPU time used so far: this process (scheduler, store and harness) first, then each
     *         executor process
     */
    long[] cpuNanos() {
        long[] out = new long[1 + executors.size()];
        out[0] = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        for (int i = 0; i < executors.size(); i++) {
            out[i + 1] = executors.get(i).info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
        return out;
    }

    Optional<SchedulerClient> client() {
        return Optional.ofNullable(server).map(s -> SchedulerClient.create(s.uri(), Optional.empty(), Duration.ofSeconds(10)));
    }

    /**
     * @param admin a MySQL JDBC URL, {@code jdbc:mysql://host:port/db?params}
     * @param database another database
     * @return the URL with that database instead
     */
    static String withDatabase(String admin, String database) {
        int slash = admin.indexOf('/', "jdbc:mysql://".length());
        if (!admin.startsWith("jdbc:mysql://") || slash < 0) {
            throw new IllegalArgumentException("PPACER_MYSQL_URL must be jdbc:mysql://host:port/database[?params], was "
                    + StoreConfig.redact(admin));
        }
        int q = admin.indexOf('?', slash);
        return admin.substring(0, slash + 1) + database + (q < 0 ? "" : admin.substring(q));
    }

    private static void sql(String url, String statement) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " failed on " + StoreConfig.redact(url) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executors.forEach(Process::destroy);
        if (worker != null) {
            worker.stop(Duration.ofSeconds(2));
        }
        if (server != null) {
            server.close();
        }
        scheduler.close();
        tracing.close();
        store.close();
        if (pgSchema != null) {
            sql(pgAdminUrl, "DROP SCHEMA " + pgSchema + " CASCADE");
        }
        if (mysqlDatabase != null) {
            sql(mysqlAdminUrl, "DROP DATABASE " + mysqlDatabase);
        }
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                f.delete();
            }
        }
        dir.toFile().delete();
    }
}
