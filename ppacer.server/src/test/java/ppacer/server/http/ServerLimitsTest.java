package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * The server closes connections that do not send a request in time (silent, half-sent headers, a
 * body shorter than its Content-Length), without logging warnings with stack traces, while long
 * polls longer than the read timeout still work. Raw sockets against a real server configured with
 * short timeouts; no test measures a duration.
 */
class ServerLimitsTest {
    /** How long a client waits for the server to close; generous, never the thing measured. */
    private static final int CLIENT_WAIT_MS = 120_000;

    @TempDir
    Path dir;

    /** A server with 300 ms read and idle timeouts. */
    private ApiHarness api() {
        return api(Duration.ofMillis(300));
    }

    /**
     * A server with a 300 ms read timeout and the given idle timeout; a long one where the test's
     * client reuses connections (a keep-alive connection closed as idle while the client sends on it
     * fails that request: a race of the test's client, not what is tested).
     */
    private ApiHarness api(Duration idle) {
        Tasks tasks = new Tasks();
        Dag single = Dag.builder("single").root(Node.of(tasks.ok("only"))).build();
        ServerConfig config = ServerConfig.defaults().withToken(Optional.empty(), false)
                .withLimits(ServerConfig.Limits.defaults().withTimeouts(Duration.ofMillis(300), idle));
        return new ApiHarness(dir, DagRegistry.of(single), config);
    }

    private static Socket connect(ApiHarness api) throws IOException {
        Socket s = new Socket(api.server.uri().getHost(), api.server.port());
        s.setSoTimeout(CLIENT_WAIT_MS);
        return s;
    }

    /** Reads until the server closes the connection; fails when the client's generous wait ends first. */
    private static String untilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + CLIENT_WAIT_MS
                    + " ms; received: " + got, e);
        } catch (SocketException e) {
            // a reset is a close too
        }
        return got.toString();
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void a_silent_connection_is_closed_by_the_server() throws IOException {
        try (ApiHarness api = api(); Socket s = connect(api)) {
            assertEquals("", untilClosed(s));
        }
    }

    @Test
    void a_half_sent_first_line_is_closed_by_the_server() throws IOException {
        try (ApiHarness api = api(); Socket s = connect(api)) {
            send(s, "GET /dag/task/po");
            untilClosed(s);
        }
    }

    @Test
    void half_sent_headers_are_closed_by_the_server() throws IOException {
        try (ApiHarness api = api(); Socket s = connect(api)) {
            send(s, "POST /dag/run/trigger HTTP/1.1\r\nHost: localhost\r\nContent-Ty");
            untilClosed(s);
        }
    }

    @Test
    void a_body_shorter_than_its_content_length_is_closed_by_the_server() throws IOException {
        try (ApiHarness api = api(); Socket s = connect(api)) {
            send(s, "POST /dag/run/trigger HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"dagId\":");
            String got = untilClosed(s);
            assertTrue(!got.contains("200 OK"), got);
        }
    }

    @Test
    void a_long_poll_longer_than_the_read_timeout_is_answered() {
        try (ApiHarness api = api(Duration.ofSeconds(60))) {
            // waits 1.5 s for a task, five times the read timeout of this server: no task, 204
            assertEquals(204, api.get("/dag/task/pop?waitMs=1500&executorId=e1").status());
            assertEquals(200, api.post("/dag/run/trigger", "{\"dagId\":\"single\"}").status());
        }
    }

    @Test
    void abandoned_and_timed_out_connections_log_no_warning_with_a_stack_trace() throws IOException {
        Logger quiet = Logger.getLogger(ConnectionLog.class.getName());
        Level before = quiet.getLevel();
        quiet.setLevel(Level.FINE); // so that the short lines arrive and can be counted
        Capture capture = Capture.start();
        int abandoned = 20;
        try (ApiHarness api = api(Duration.ofSeconds(60))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < abandoned; i++) {
                    Socket s = connect(api);
                    sockets.add(s);
                    send(s, i % 2 == 0 ? "POST /dag/run/trigger HTTP/1.1\r\nHost: localhost\r\nX-Slow: a"
                            : "POST /dag/run/trigger HTTP/1.1\r\nHost: localhost\r\nX-Slow: a\r\nX-Slower");
                }
                // these the server times out (read timeout)
                List<Socket> slow = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    Socket s = connect(api);
                    slow.add(s);
                    send(s, i % 2 == 0 ? "POST /dag/run/trigger HTTP/1.1\r\nHost: localhost\r\nX-Slow: a"
                            : "POST /dag/run/trigger HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"dagId\":");
                }
                sockets.addAll(slow);
                // the first ones the client abandons mid-request
                for (int i = 0; i < abandoned; i++) {
                    sockets.get(i).close();
                }
                for (Socket s : slow) {
                    untilClosed(s);
                }
                // the server reports each connection that ended mid-request: wait for all the abandoned ones
                Await.until(Duration.ofSeconds(60), () -> capture.connectionEnds() >= abandoned,
                        () -> capture.connectionEnds() + " of " + abandoned + " connection ends logged: " + capture.records);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertEquals(200, api.post("/dag/run/trigger", "{\"dagId\":\"single\"}").status());
        } finally {
            capture.stop();
            quiet.setLevel(before);
        }
        List<String> bad = capture.records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage() + ": " + r.getThrown())
                .toList();
        assertEquals(List.of(), bad);
        assertTrue(capture.records.stream().allMatch(r -> r.getThrown() == null), "a stack trace was logged");
    }

    @Test
    void an_unknown_path_under_health_is_a_json_404() {
        try (ApiHarness api = api(Duration.ofSeconds(60))) {
            for (String path : List.of("/health/x", "/health/live/extra", "/health/readyy")) {
                ApiHarness.Answer a = api.get(path);
                assertEquals(404, a.status(), path + ": " + a.body());
                assertNotNull(a.error(), path + ": " + a.body());
                assertTrue(a.error().contains(path), a.error());
            }
            assertEquals(200, api.get("/health/live").status());
            assertEquals(200, api.get("/health/ready").status());
            assertEquals(200, api.get("/health").status());
        }
    }

    /** Collects the java.util.logging records of the server (Helidon and ppacer) at their configured levels. */
    static final class Capture extends Handler {
        private static final List<Logger> LOGGERS = List.of(Logger.getLogger("io.helidon"), Logger.getLogger("ppacer"));
        private static final String HELIDON_CONNECTION = "io.helidon.webserver.http1.Http1Connection";
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        static Capture start() {
            Capture c = new Capture();
            c.setLevel(Level.ALL);
            LOGGERS.forEach(l -> l.addHandler(c));
            return c;
        }

        /** Connections that ended mid-request as logged: Helidon's own warnings, or ppacer's short lines. */
        long connectionEnds() {
            return records.stream().filter(r -> HELIDON_CONNECTION.equals(r.getLoggerName())
                    || ConnectionLog.class.getName().equals(r.getLoggerName())).count();
        }

        void stop() {
            LOGGERS.forEach(l -> l.removeHandler(this));
        }

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
