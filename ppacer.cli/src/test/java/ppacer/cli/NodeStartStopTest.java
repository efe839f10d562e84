package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How {@code ppacer run} and {@code ppacer scheduler} start and stop: a taken port, the store's lock file. */
class NodeStartStopTest {
    @TempDir
    Path dir;

    @Test
    void tracing_enabled_without_the_otel_module_is_one_line_and_exit_2_with_nothing_started() throws Exception {
        Files.writeString(dir.resolve("ppacer.yaml"), "tracing: {enabled: true}\n");
        for (String command : List.of("run", "scheduler", "executor")) {
            Console c = new Console(Map.of(), dir);
            String[] args = command.equals("executor") ? new String[] {command}
                    : new String[] {command, "--port", "0", "--db", "jdbc:sqlite:" + dir.resolve(command + ".db")};
            int code = async(() -> c.execute(args)).get(2, TimeUnit.MINUTES);
            assertEquals(2, code, c.out() + c.err());
            assertEquals(List.of("ppacer " + command + ": tracing is enabled but no tracing provider was found: add the"
                    + " module ppacer.otel (and the OpenTelemetry jars) to the module path, or set tracing.enabled to false"),
                    c.err().lines().toList());
            assertEquals("", c.out(), "nothing started");
            assertFalse(Files.exists(dir.resolve(command + ".db")), "the store was never opened");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_taken_port_is_one_line_and_exit_2_with_nothing_started() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            for (String command : List.of("run", "scheduler")) {
                Console c = new Console(Map.of(), dir);
                CompletableFuture<Integer> exit = async(() -> c.execute(command, "--port", Integer.toString(port),
                        "--db", "jdbc:sqlite:" + dir.resolve(command + ".db")));
                int code;
                try {
                    code = exit.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    c.stop();
                    throw new AssertionError(command + " kept running on a taken port; out: " + c.out() + "; err: "
                            + c.err(), e);
                }
                assertEquals(2, code, c.out() + c.err());
                assertEquals(List.of("ppacer " + command + ": Port " + port + " on 127.0.0.1 is in use; pick another with"
                        + " --port"), c.err().lines().toList());
                assertEquals("", c.out(), "nothing started");
                assertFalse(Files.exists(dir.resolve(command + ".db")), "the store was never opened");
                assertFalse(Files.exists(dir.resolve(command + ".db.lock")), "no lock file");
                assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("ppacer-exec")),
                        "no executor thread left");
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_clean_stop_removes_the_sqlite_lock_file() throws Exception {
        Path db = dir.resolve("ppacer.db");
        Console c = new Console(Map.of(), dir);
        CompletableFuture<Integer> exit = async(() -> c.execute("run", "--port", "0", "--db", "jdbc:sqlite:" + db));
        c.awaitServing(Duration.ofSeconds(60));
        assertTrue(Files.exists(dir.resolve("ppacer.db.lock")), "held while running");
        c.stop();
        assertEquals(0, exit.get(60, TimeUnit.SECONDS), c.err());
        assertFalse(Files.exists(dir.resolve("ppacer.db.lock")), "left after a clean stop");

        // and the next start on the same file works
        Console again = new Console(Map.of(), dir);
        CompletableFuture<Integer> second = async(() -> again.execute("scheduler", "--port", "0", "--db", "jdbc:sqlite:" + db));
        again.awaitServing(Duration.ofSeconds(60));
        again.stop();
        assertEquals(0, second.get(60, TimeUnit.SECONDS), again.err());
        assertFalse(Files.exists(dir.resolve("ppacer.db.lock")));
    }

    private static CompletableFuture<Integer> async(java.util.function.Supplier<Integer> command) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(command.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }
}
