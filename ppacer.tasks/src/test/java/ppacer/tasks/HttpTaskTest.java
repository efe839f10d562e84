package ppacer.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ppacer.api.PpacerException;
import ppacer.api.TaskCancelledException;
import ppacer.testkit.RecordingContext;

class HttpTaskTest {
    private HttpServer server;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", ex -> respond(ex, 200, "all good"));
        server.createContext("/created", ex -> respond(ex, 201, ""));
        server.createContext("/broken", ex -> respond(ex, 500, "boom"));
        server.createContext("/big", ex -> respond(ex, 200, "a".repeat(HttpTask.LOGGED_BODY_BYTES) + "TAIL"));
        server.createContext("/echo", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Run") + " " + body
                    + (ex.getRequestHeaders().containsKey("traceparent")
                            ? " traceparent=" + ex.getRequestHeaders().getFirst("traceparent") : ""));
            respond(ex, 202, "");
        });
        server.createContext("/hang", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "late");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void a_2xx_get_succeeds_and_logs_status_and_body() {
        RecordingContext ctx = new RecordingContext();
        HttpTask.get("ping", url("/ok")).execute(ctx);
        assertEquals(List.of("GET " + url("/ok") + " returned status 200", "Response body: all good"),
                ctx.messages(Level.INFO));
    }

    @Test
    void an_unexpected_status_fails_naming_method_url_expected_and_actual() {
        UnexpectedStatusException e = assertThrows(UnexpectedStatusException.class,
                () -> HttpTask.get("ping", url("/broken")).execute(new RecordingContext()));
        assertEquals("GET " + url("/broken") + " returned status 500, expected 200-299", e.getMessage());
        assertEquals(500, e.status());
    }

    @Test
    void a_single_expected_status_must_match_exactly() {
        UnexpectedStatusException e = assertThrows(UnexpectedStatusException.class,
                () -> HttpTask.builder("create", url("/created")).expectStatus(200).build().execute(new RecordingContext()));
        assertEquals("GET " + url("/created") + " returned status 201, expected 200", e.getMessage());
    }

    @Test
    void an_expected_error_status_succeeds() {
        RecordingContext ctx = new RecordingContext();
        HttpTask.builder("expect_500", url("/broken")).expectStatus(500, 599).build().execute(ctx);
        assertEquals("GET " + url("/broken") + " returned status 500", ctx.messages(Level.INFO).getFirst());
    }

    @Test
    void method_body_and_headers_are_sent() throws Exception {
        HttpTask.builder("notify", url("/echo")).method("post").body("{\"ok\":true}").header("X-Run", "42")
                .expectStatus(202).build().execute(new RecordingContext());
        assertEquals("POST 42 {\"ok\":true}", received.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void a_traced_attempt_sends_its_traceparent_header_unless_one_is_set() throws Exception {
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        HttpTask.builder("notify", url("/echo")).method("POST").body("x").expectStatus(202).build()
                .execute(new RecordingContext().withTraceparent(tp));
        assertEquals("POST null x traceparent=" + tp, received.poll(10, TimeUnit.SECONDS));
        String mine = "00-11111111111111111111111111111111-2222222222222222-01";
        HttpTask.builder("notify", url("/echo")).method("POST").body("y").header("TraceParent", mine).expectStatus(202)
                .build().execute(new RecordingContext().withTraceparent(tp));
        assertEquals("POST null y traceparent=" + mine, received.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void a_long_body_is_logged_truncated() {
        RecordingContext ctx = new RecordingContext();
        HttpTask.get("big", url("/big")).execute(ctx);
        assertEquals("Response body (first " + HttpTask.LOGGED_BODY_BYTES + " bytes): "
                + "a".repeat(HttpTask.LOGGED_BODY_BYTES), ctx.messages(Level.INFO).get(1));
    }

    @Test
    void a_response_slower_than_the_timeout_fails_naming_the_request() {
        PpacerException e = assertThrows(PpacerException.class, () -> HttpTask.builder("slow", url("/hang"))
                .timeout(Duration.ofMillis(200)).build().execute(new RecordingContext()));
        assertTrue(e.getMessage().startsWith("GET " + url("/hang") + " failed: java.net.http.HttpTimeoutException"),
                e.getMessage());
    }

    @Test
    void cancellation_aborts_a_pending_request() throws Exception {
        RecordingContext ctx = new RecordingContext();
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> HttpTask.get("slow", url("/hang")).execute(ctx));
        ctx.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TaskCancelledException.class, e.getCause());
        assertEquals("GET " + url("/hang") + " aborted: the attempt was cancelled", e.getCause().getMessage());
    }

    @Test
    void a_non_http_url_or_a_bad_status_range_is_refused() {
        assertEquals("HttpTask 'f': expected an http or https URL, got 'file:/etc/passwd'",
                assertThrows(PpacerException.class, () -> HttpTask.get("f", URI.create("file:/etc/passwd"))).getMessage());
        assertEquals("HttpTask 'r': expected status range within 100-599, got 300-200",
                assertThrows(PpacerException.class, () -> HttpTask.builder("r", url("/ok")).expectStatus(300, 200).build())
                        .getMessage());
    }
}
