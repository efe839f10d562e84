package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.server.InProcessWorker;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.server.WorkerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.BranchedRun;
import ppacer.testkit.MutableClock;
import ppacer.testkit.StoreProxy;
import ppacer.testkit.Tasks;

/** {@code /metrics} over a real Helidon server on a real SQLite file: what the core counts, and how often the store is asked. */
class MetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private final HttpClient http = HttpClient.newHttpClient();

    private DagRegistry dags() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b")));
        Dag chain = Dag.builder("chain").root(a).build();
        TaskConfig retryOnce = TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(Duration.ZERO)).build();
        Dag flaky = Dag.builder("flaky").root(Node.of(tasks.failing("f", 1), retryOnce)).build();
        return DagRegistry.of(chain, flaky);
    }

    @Test
    void the_in_process_workers_hand_outs_and_reports_are_counted() {
        try (ApiHarness api = new ApiHarness(dir, dags(), ServerConfig.defaults());
             InProcessWorker _ = InProcessWorker.start(api.scheduler, WorkerConfig.defaults())) {
            List<Long> runs = List.of(api.scheduler.trigger("chain", "{}"), api.scheduler.trigger("flaky", "{}"));
            for (long run : runs) {
                Await.until(WAIT, () -> api.scheduler.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                        () -> "run " + run + ": " + api.scheduler.store().attempts().latest(run));
                assertEquals(DagRunStatus.SUCCESS, api.scheduler.store().dagRuns().find(run).orElseThrow().status());
            }

            Map<String, ExpositionFormat.Family> m = scrape(api.server.uri());
            String all = describe(m);
            assertEquals(4, value(m, "ppacer_attempts_handed_out_total", Map.of()), all); // a, b, f twice
            assertEquals(3, value(m, "ppacer_attempts_succeeded_total", Map.of()), all);
            assertEquals(1, value(m, "ppacer_attempts_failed_total", Map.of()), all);
            assertEquals(1, value(m, "ppacer_attempts_retried_total", Map.of()), all);
            assertEquals(0, value(m, "ppacer_attempts_expired_total", Map.of()), all);
            assertEquals(2, value(m, "ppacer_runs_started_total", Map.of()), all);
            assertEquals(2, value(m, "ppacer_runs_finished_total", Map.of("status", "SUCCESS")), all);
            assertEquals(0, value(m, "ppacer_runs_finished_total", Map.of("status", "FAILED")), all);
            assertEquals(4, value(m, "ppacer_attempt_transitions_total", Map.of("to", "SCHEDULED")), all);
            assertEquals(4, value(m, "ppacer_attempt_transitions_total", Map.of("to", "RUNNING")), all);
            assertEquals(3, value(m, "ppacer_attempt_transitions_total", Map.of("to", "SUCCESS")), all);
            assertEquals(1, value(m, "ppacer_attempt_transitions_total", Map.of("to", "FAILED_PENDING_RETRY")), all);
            assertEquals(0, value(m, "ppacer_task_queue_length", Map.of()), all);
            assertEquals(2, value(m, "ppacer_dag_runs", Map.of("status", "SUCCESS")), all);
            assertEquals(3, value(m, "ppacer_task_attempts", Map.of("status", "SUCCESS")), all);
        }
    }

    @Test
    void skipped_attempts_are_counted_by_status_and_every_status_has_a_sample() {
        DagRegistry registry = DagRegistry.of(BranchedRun.dag());
        try (ApiHarness api = new ApiHarness(dir, registry, ServerConfig.defaults())) {
            BranchedRun.insert(api.scheduler.store(), Instant.parse("2026-12-01T10:00:00Z"));
            ApiHarness.Answer text = api.get("/metrics");
            assertEquals(200, text.status(), text.body());
            assertTrue(text.body().contains("\nppacer_task_attempts{status=\"SKIPPED\"} 1\n"), text.body());
            assertTrue(text.body().contains("\nppacer_attempt_transitions_total{to=\"SKIPPED\"} 0\n"),
                    "the core's counter, 0 until the core writes SKIPPED rows itself: " + text.body());
            Map<String, ExpositionFormat.Family> m = ExpositionFormat.parse(text.body());
            String all = describe(m);
            assertEquals(4, value(m, "ppacer_task_attempts", Map.of("status", "SUCCESS")), all);
            for (TaskStatus s : TaskStatus.values()) {
                value(m, "ppacer_task_attempts", Map.of("status", s.name())); // present, 0 when the store has none
                value(m, "ppacer_attempt_transitions_total", Map.of("to", s.name()));
            }
            for (DagRunStatus s : DagRunStatus.values()) {
                value(m, "ppacer_dag_runs", Map.of("status", s.name()));
            }
            assertEquals(0, value(m, "ppacer_task_attempts", Map.of("status", "CANCELLED")), all);
            assertEquals(1, value(m, "ppacer_dag_runs", Map.of("status", "SUCCESS")), all);
        }
    }

    @Test
    void scrapes_within_the_refresh_period_query_the_store_once() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        AtomicInteger countQueries = new AtomicInteger();
        Store real = Stores.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("counted.db"), Map.of(), clock));
        Store counted = StoreProxy.wrap(real, (type, method, args, call) -> {
            if (method.getName().equals("countByStatus")) {
                countQueries.incrementAndGet();
            }
            return call.proceed();
        });
        Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(dags()).store(counted).clock(clock)
                .stopTimeout(Duration.ofSeconds(2)).build());
        SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0));
        try {
            scrape(server.uri());
            assertEquals(2, countQueries.get(), "the first scrape reads runs and attempts by status");
            scrape(server.uri());
            assertEquals(2, countQueries.get(), "a scrape within the refresh period uses the cached counts");
            clock.advance(Duration.ofSeconds(15));
            scrape(server.uri());
            assertEquals(4, countQueries.get(), "a scrape after the refresh period reads the store again");
        } finally {
            server.close();
            scheduler.close();
            real.close();
        }
    }

    @Test
    void counters_only_grow_and_alert_counts_are_counters() {
        try (ApiHarness api = new ApiHarness(dir, dags(), ServerConfig.defaults());
             InProcessWorker _ = InProcessWorker.start(api.scheduler, WorkerConfig.defaults())) {
            Map<String, ExpositionFormat.Family> before = scrape(api.server.uri());
            assertEquals("counter", before.get("ppacer_alerts_sent_total").type(), before.keySet().toString());
            assertEquals("counter", before.get("ppacer_alerts_dropped_total").type(), before.keySet().toString());
            for (int i = 0; i < 3; i++) {
                long run = api.scheduler.trigger(i % 2 == 0 ? "chain" : "flaky", "{}");
                Await.until(WAIT, () -> api.scheduler.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                        () -> "run " + run + ": " + api.scheduler.store().attempts().latest(run));
                Map<String, ExpositionFormat.Family> after = scrape(api.server.uri());
                Map<String, Double> was = counterValues(before);
                Map<String, Double> now = counterValues(after);
                was.forEach((series, v) -> assertTrue(now.containsKey(series) && now.get(series) >= v,
                        series + " went from " + v + " to " + now.get(series)));
                assertTrue(now.get("ppacer_attempts_handed_out_total{}") > was.get("ppacer_attempts_handed_out_total{}"),
                        "hand-outs counted: " + now);
                before = after;
            }
        }
    }

    private static String describe(Map<String, ExpositionFormat.Family> families) {
        StringBuilder b = new StringBuilder();
        families.values().stream().filter(f -> !f.type().equals("histogram")).flatMap(f -> f.samples().stream())
                .forEach(s -> b.append('\n').append(s.name()).append(s.labels()).append(' ').append(s.value()));
        return b.toString();
    }

    private static Map<String, Double> counterValues(Map<String, ExpositionFormat.Family> families) {
        Map<String, Double> out = new HashMap<>();
        families.values().stream().filter(f -> f.type().equals("counter")).flatMap(f -> f.samples().stream())
                .forEach(s -> out.put(s.name() + s.labels(), s.value()));
        return out;
    }

    private static double value(Map<String, ExpositionFormat.Family> families, String name, Map<String, String> labels) {
        ExpositionFormat.Family f = families.get(name);
        if (f == null) {
            throw new AssertionError("no metric " + name + " in " + families.keySet());
        }
        return f.samples().stream().filter(s -> s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels + " in " + f.samples()))
                .value();
    }

    private Map<String, ExpositionFormat.Family> scrape(URI server) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return ExpositionFormat.parse(r.body());
        } catch (IOException e) {
            throw new AssertionError("scrape failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
