package ppacer.server.ha;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import ppacer.exec.client.SchedulerClient;
import ppacer.scheduler.Scheduler;
import ppacer.testkit.Await;

/**
 * Scheduler and executor processes (child JVMs) on a fresh PostgreSQL schema or MariaDB database,
 * and plain-JDBC reads of the lease and attempts. An unreachable server skips, unless {@code CI=true}.
 */
final class HaCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MYSQL = "jdbc:mysql://127.0.0.1:3306/test?user=root";

    /** One scheduler slot: a port kept across restarts, the current process and node id. */
    static final class Slot {
        final String name;
        final int port;
        Process process;
        String nodeId;
        int generation;

        Slot(String name, int port) {
            this.name = name;
            this.port = port;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    final boolean postgres;
    final String adminUrl;
    final String dbName;
    final String url;
    final Path dir;
    final Path journal;
    final List<Slot> slots = new ArrayList<>();
    final Map<String, Slot> byNode = new HashMap<>();
    private final List<Process> executors = new ArrayList<>();

    HaCluster(boolean postgres, Path dir) {
        this.postgres = postgres;
        this.dir = dir;
        this.journal = dir.resolve("journal.txt");
        String env = System.getenv(postgres ? "PPACER_PG_URL" : "PPACER_MYSQL_URL");
        this.adminUrl = env != null && !env.isBlank() ? env : postgres ? PG : MYSQL;
        this.dbName = "ppacer_ha_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            st.execute(postgres ? "CREATE SCHEMA " + dbName : "CREATE DATABASE " + dbName);
        } catch (SQLException e) {
            String msg = (postgres ? "PostgreSQL" : "MariaDB/MySQL") + " unreachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            assumeTrue(false, msg);
        }
        if (postgres) {
            url = adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + dbName;
        } else {
            int slash = adminUrl.indexOf('/', "jdbc:mysql://".length());
            int q = adminUrl.indexOf('?', slash);
            url = adminUrl.substring(0, slash + 1) + dbName + (q < 0 ? "" : adminUrl.substring(q));
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Slot addScheduler(String name) throws IOException {
        Slot s = new Slot(name, freePort());
        slots.add(s);
        start(s);
        return s;
    }

    /** Starts (or restarts) the slot's scheduler with a new node id and waits until it serves. */
    void start(Slot s) throws IOException {
        s.generation++;
        s.nodeId = s.name + "-g" + s.generation;
        byNode.put(s.nodeId, s);
        s.process = spawn(SchedulerProcessMain.class, s.nodeId, url, Integer.toString(s.port), s.nodeId, journal.toString());
        awaitReady(s.nodeId);
    }

    void addExecutor(String id) throws IOException {
        String urls = String.join(",", slots.stream().map(s -> s.uri().toString()).toList());
        executors.add(spawn(HaExecutorMain.class, id, urls, id, journal.toString()));
        awaitReady(id);
    }

    private Process spawn(Class<?> main, String logName, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            Stream.of(System.getProperty(prop, "").split(File.pathSeparator)).filter(x -> !x.isBlank()).forEach(entries::add);
        }
        List<String> cp = new ArrayList<>(entries.stream().filter(e -> e.endsWith("target" + File.separator + "classes"))
                .map(e -> Path.of(e).resolveSibling("test-classes").toString()).toList());
        cp.addAll(entries);
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", String.join(File.pathSeparator, cp), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName + ".log").toFile())).start();
    }

    private void awaitReady(String name) {
        Await.until(WAIT, () -> log(name).contains("READY " + name), () -> name + ": " + log(name));
    }

    String log(String name) {
        try {
            Path p = dir.resolve(name + ".log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    String allLogs() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".log")).sorted().forEach(p -> {
                String text = log(p.getFileName().toString().replace(".log", ""));
                b.append("\n=== ").append(p.getFileName()).append('\n')
                        .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
            });
        } catch (IOException e) {
            b.append(e);
        }
        return b.toString();
    }

    /** @return a client of the slot's scheduler */
    SchedulerClient client(Slot s) {
        return SchedulerClient.create(s.uri(), Optional.empty(), Duration.ofSeconds(5));
    }

    record LeaseRow(long epoch, String leaderId) {
    }

    LeaseRow lease() {
        return query("SELECT epoch, leader_id FROM leader_lease WHERE id = 1",
                rs -> new LeaseRow(rs.getLong(1), rs.getString(2))).getFirst();
    }

    /** @return the first hand-out (attempt start, microseconds) after {@code micros}, if any */
    Optional<Long> firstStartAfter(long micros) {
        List<Long> v = query("SELECT MIN(started_at) FROM task_attempts WHERE started_at > " + micros, rs -> {
            long x = rs.getLong(1);
            return rs.wasNull() ? -1L : x;
        });
        return v.getFirst() < 0 ? Optional.empty() : Optional.of(v.getFirst());
    }

    long count(String sql) {
        return query(sql, rs -> rs.getLong(1)).getFirst();
    }

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, Row<T> row) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void signal(Process p, String signal) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        if (k.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
        }
    }

    @Override
    public void close() {
        executors.forEach(Process::destroyForcibly);
        slots.forEach(s -> {
            if (s.process != null) {
                s.process.destroyForcibly();
            }
        });
        for (Process p : executors) {
            p.onExit().join();
        }
        slots.forEach(s -> {
            if (s.process != null) {
                s.process.onExit().join();
            }
        });
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            st.execute(postgres ? "DROP SCHEMA " + dbName + " CASCADE" : "DROP DATABASE " + dbName);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop " + dbName, e);
        }
    }
}
