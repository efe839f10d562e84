package ppacer.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own (initdb + pg_ctl of PostgreSQL 15, trust auth, on a free
 * loopback port, data in a temporary directory), so that a test can stop and start it without
 * touching the shared server. Run as the {@code postgres} user when the tests run as root
 * (initdb refuses root). {@link #close()} stops it at once and deletes its files.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;
    private final Path data;
    private final int port;
    private boolean running;

    private ThrowawayPostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /**
     * Creates and starts a server.
     *
     * @return the running server
     * @throws IOException when initdb or pg_ctl fail (their output is in the message)
     */
    public static ThrowawayPostgres start() throws IOException {
        Path dir = Files.createTempDirectory("ppacer-pg-");
        if (ROOT) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ThrowawayPostgres pg = new ThrowawayPostgres(dir, port);
        pg.run(BIN.resolve("initdb").toString(), "-D", pg.data.toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--no-sync");
        pg.startServer();
        return pg;
    }

    /** @return a JDBC URL of this server's {@code postgres} database */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /**
     * Stops the server and waits until it is down.
     *
     * @param mode {@code fast} (rolls back sessions, checkpoints) or {@code immediate} (like a crash)
     * @throws IOException when pg_ctl fails
     */
    public void stop(String mode) throws IOException {
        run(BIN.resolve("pg_ctl").toString(), "stop", "-w", "-t", "120", "-D", data.toString(), "-m", mode);
        running = false;
    }

    /**
     * Starts the stopped server again and waits until it accepts connections.
     *
     * @throws IOException when pg_ctl fails
     */
    public void startServer() throws IOException {
        run(BIN.resolve("pg_ctl").toString(), "start", "-w", "-t", "120", "-D", data.toString(),
                "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off");
        running = true;
    }

    private void run(String... command) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ROOT) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Path out = Files.createTempFile("ppacer-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish: " + Files.readString(out));
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + Files.readString(out)
                        + serverLog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String serverLog() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the server at once (if running) and deletes its files. */
    @Override
    public void close() throws IOException {
        try {
            if (running) {
                stop("immediate");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
