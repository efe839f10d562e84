package ppacer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ppacer.api.Alert;

/** The webhook notifier against a real HTTP server in the test's JVM that records every request. */
class WebhookNotifierTest {
    /** What the server answers, one status per request, in order; 200 when the script runs out; -1 hangs. */
    private final Deque<Integer> script = new ArrayDeque<>();
    private final ReentrantLock scriptLock = new ReentrantLock();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    record Request(String method, String path, Map<String, List<String>> headers, String body) {
    }

    static final Alert ALERT = new Alert(Alert.Kind.FAILURE, "etl", 42, Instant.parse("2026-12-07T04:00:00Z"),
            "load \"orders\"", 2, Optional.of("boom: \"quoted\"\n\tat line 2\\x"),
            "Task [load \"orders\"] in DAG [etl] has failed (run 42, attempt 2).\nError:\n\tboom");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()),
                body));
        Integer status;
        scriptLock.lock();
        try {
            status = script.poll();
        } finally {
            scriptLock.unlock();
        }
        int s = status == null ? 200 : status;
        if (s == -1) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s = 200;
        }
        byte[] bytes = (s >= 300 ? "upstream \"broken\"" : "ok").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(s, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void answer(Integer... statuses) {
        scriptLock.lock();
        try {
            script.addAll(List.of(statuses));
        } finally {
            scriptLock.unlock();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private WebhookConfig config(AlertTemplate body, Duration timeout, int retries) {
        return new WebhookConfig(url("/services/T000/B000/SECRETPATH"), body, Map.of("X-Token", "t0k"), timeout,
                retries, Duration.ofMillis(20), Optional.of(URI.create("http://ppacer.example:9321/")));
    }

    @Test
    void posts_the_generic_json_body_with_every_field_escaped() throws Exception {
        WebhookNotifier.create(config(AlertTemplate.GENERIC_JSON, Duration.ofSeconds(30), 0)).send(ALERT);

        assertEquals(1, received.size());
        Request r = received.getFirst();
        assertEquals("POST", r.method());
        assertEquals("/services/T000/B000/SECRETPATH", r.path());
        assertEquals(List.of("t0k"), r.headers().get("X-token"));
        assertTrue(r.headers().get("Content-type").getFirst().startsWith("application/json"), r.headers().toString());
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertEquals("etl", json.get("dag").asText());
        assertEquals(42, json.get("run").asLong());
        assertEquals("load \"orders\"", json.get("task").asText());
        assertEquals(2, json.get("attempt").asInt());
        assertEquals("failed", json.get("status").asText());
        assertEquals("2026-12-07T04:00:00Z", json.get("logicalTime").asText());
        assertEquals(ALERT.error().orElseThrow(), json.get("error").asText());
        assertEquals(ALERT.message(), json.get("message").asText());
        assertEquals("http://ppacer.example:9321/ui/#/runs/42/tasks/load%20%22orders%22/2", json.get("url").asText());
    }

    @Test
    void slack_style_body_is_one_text_field() throws Exception {
        WebhookNotifier.create(config(AlertTemplate.SLACK, Duration.ofSeconds(30), 0)).send(ALERT);

        JsonNode json = new ObjectMapper().readTree(received.getFirst().body());
        assertEquals(1, json.size(), json.toString());
        assertEquals(ALERT.message() + "\nhttp://ppacer.example:9321/ui/#/runs/42/tasks/load%20%22orders%22/2",
                json.get("text").asText());
    }

    @Test
    void a_500_then_a_200_is_retried_and_succeeds() {
        answer(500);

        WebhookNotifier.create(config(AlertTemplate.SLACK, Duration.ofSeconds(30), 3)).send(ALERT);

        assertEquals(2, received.size());
        assertEquals(received.get(0).body(), received.get(1).body());
    }

    @Test
    void always_500_fails_after_the_bounded_retries_naming_the_status_but_not_the_secret_path() {
        answer(500, 503, 500);

        NotificationException e = assertThrows(NotificationException.class,
                () -> WebhookNotifier.create(config(AlertTemplate.SLACK, Duration.ofSeconds(30), 2)).send(ALERT));

        assertEquals(3, received.size());
        assertTrue(e.getMessage().contains("after 3 attempts: HTTP 500 (upstream \"broken\")"), e.getMessage());
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + server.getAddress().getPort()), e.getMessage());
        assertTrue(e.getMessage().contains("task 'load \"orders\"' of DAG 'etl' run 42"), e.getMessage());
        assertFalse(e.getMessage().contains("SECRETPATH"), e.getMessage());
    }

    @Test
    void a_4xx_other_than_408_and_429_is_not_retried() {
        answer(404);

        NotificationException e = assertThrows(NotificationException.class,
                () -> WebhookNotifier.create(config(AlertTemplate.SLACK, Duration.ofSeconds(30), 3)).send(ALERT));

        assertEquals(1, received.size());
        assertTrue(e.getMessage().contains("after 1 attempt (not retried): HTTP 404"), e.getMessage());
    }

    @Test
    void a_429_is_retried() {
        answer(429);

        WebhookNotifier.create(config(AlertTemplate.SLACK, Duration.ofSeconds(30), 1)).send(ALERT);

        assertEquals(2, received.size());
    }

    @Test
    void an_answer_later_than_the_timeout_fails_the_attempt_and_the_retry_succeeds() {
        answer(-1);

        // the first request hangs until the test ends; 2 s is only the retry's allowance on a busy machine
        WebhookNotifier.create(config(AlertTemplate.SLACK, Duration.ofSeconds(2), 1)).send(ALERT);

        assertEquals(2, received.size());
    }

    @Test
    void a_timeout_on_every_attempt_fails_naming_the_timeout() {
        answer(-1, -1);

        NotificationException e = assertThrows(NotificationException.class,
                () -> WebhookNotifier.create(config(AlertTemplate.SLACK, Duration.ofMillis(300), 1)).send(ALERT));

        assertEquals(2, received.size());
        assertTrue(e.getMessage().contains("after 2 attempts: no answer within 300 ms"), e.getMessage());
    }

    @Test
    void a_refused_connection_fails_after_the_retries() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WebhookConfig c = new WebhookConfig(URI.create("http://127.0.0.1:" + port + "/hook"), AlertTemplate.SLACK,
                Map.of(), Duration.ofSeconds(30), 1, Duration.ZERO, Optional.empty());

        NotificationException e = assertThrows(NotificationException.class, () -> WebhookNotifier.create(c).send(ALERT));

        assertTrue(e.getMessage().contains("after 2 attempts: ConnectException"), e.getMessage());
    }

    @Test
    void bad_settings_are_refused_naming_the_value() {
        NotificationException url = assertThrows(NotificationException.class,
                () -> WebhookConfig.of(URI.create("ftp://example.com/x")));
        assertTrue(url.getMessage().contains("'ftp://example.com/x'"), url.getMessage());
        NotificationException retries = assertThrows(NotificationException.class,
                () -> new WebhookConfig(url("/"), AlertTemplate.SLACK, Map.of(), Duration.ofSeconds(1), 11,
                        Duration.ZERO, Optional.empty()));
        assertTrue(retries.getMessage().contains("from 0 to 10, was 11"), retries.getMessage());
        NotificationException placeholder = assertThrows(NotificationException.class,
                () -> new AlertTemplate("{\"text\": \"{dagg} failed\"}"));
        assertTrue(placeholder.getMessage().contains("Unknown placeholder {dagg}"), placeholder.getMessage());
    }
}
