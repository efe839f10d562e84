package ppacer.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.spi.TracingConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.InProcessWorker;
import ppacer.server.WorkerConfig;
import ppacer.testkit.Await;

/** The real scheduler and its in-process worker on a SQLite file, spans in the SDK's in-memory exporter. */
class SchedulerTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    /** A store write at least this long gets a span. */
    private Duration storeThreshold = Duration.ofDays(1);
    private OtelTracing tracing;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private Scheduler scheduler;
    private InProcessWorker worker;


    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (tracing != null) {
            tracing.close();
        }
    }

    private Task recording(String id, boolean fail) {
        return Task.of(id, ctx -> {
            seen.put(id + "#" + ctx.attempt(), ctx.traceparent());
            if (fail && ctx.attempt() == 0) {
                throw new IllegalStateException("planned failure of " + id);
            }
        });
    }

    private void start(Dag dag) {
        tracing = OtelTracingProvider.open(new TracingConfig(true, TracingConfig.DEFAULT_ENDPOINT, 1.0, "ppacer-test",
                storeThreshold), SimpleSpanProcessor.create(exported));
        scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(dag)).storeUrl("jdbc:sqlite:" + dir.resolve("t.db"))
                .stopTimeout(Duration.ofSeconds(5)).tracing(tracing).build());
        worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withPollTimeout(Duration.ofMillis(200)));
    }

    private List<SpanData> spans(String prefix) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith(prefix)).toList();
    }

    private SpanData one(String name, long attempt) {
        return exported.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name) && Long.valueOf(attempt).equals(s.getAttributes().get(OtelTracing.ATTEMPT)))
                .findFirst().orElseThrow(() -> new AssertionError(name + "#" + attempt + " not in " + exported.getFinishedSpanItems().stream().map(SpanData::getName).toList() + " seen " + seen));
    }

    @Test
    void a_run_has_a_span_with_a_child_per_attempt_whose_context_the_in_process_task_sees() {
        Node extract = Node.of(recording("extract", true), TaskConfig.builder().retries(1)
                .retryDelay(ppacer.api.RetryDelay.constant(Duration.ZERO)).build());
        extract.then(Node.of(recording("load", false)));
        start(Dag.builder("traced").root(extract).build());
        long run = scheduler.trigger("traced", null);
        Await.until(WAIT, () -> spans("run ").size() == 1, () -> "spans: " + exported.getFinishedSpanItems());
        assertEquals(DagRunStatus.SUCCESS, scheduler.store().dagRuns().find(run).orElseThrow().status());

        SpanData r = spans("run ").getFirst();
        assertEquals("run traced", r.getName());
        assertEquals("traced", r.getAttributes().get(OtelTracing.DAG_ID));
        assertEquals(run, r.getAttributes().get(OtelTracing.RUN_ID));
        assertEquals("SUCCESS", r.getAttributes().get(OtelTracing.STATUS));
        assertFalse(r.getParentSpanContext().isValid());

        SpanData failed = one("attempt traced.extract", 0);
        SpanData retried = one("attempt traced.extract", 1);
        SpanData load = one("attempt traced.load", 0);
        for (SpanData a : List.of(failed, retried, load)) {
            assertEquals(r.getSpanId(), a.getParentSpanId(), a.getName() + " is a child of the run");
            assertEquals(r.getTraceId(), a.getTraceId());
            assertEquals(run, a.getAttributes().get(OtelTracing.RUN_ID));
        }
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertTrue(failed.getStatus().getDescription().contains("planned failure of extract"), failed.getStatus().getDescription());
        assertEquals("FAILED_PENDING_RETRY", failed.getAttributes().get(OtelTracing.STATUS));
        assertEquals(StatusCode.UNSET, retried.getStatus().getStatusCode());
        assertEquals("SUCCESS", load.getAttributes().get(OtelTracing.STATUS));

        // the in-process executor makes no execution span: the attempt's span covers it, its task sees the attempt's context
        assertEquals(List.of(), spans("execute "));
        for (SpanData a : List.of(failed, retried, load)) {
            String task = a.getAttributes().get(OtelTracing.TASK_ID) + "#" + a.getAttributes().get(OtelTracing.ATTEMPT);
            assertEquals("00-" + a.getTraceId() + "-" + a.getSpanId() + "-" + a.getSpanContext().getTraceFlags().asHex(),
                    seen.get(task), task);
        }
        assertEquals(4, exported.getFinishedSpanItems().size(), "a run, 3 attempts: " + exported.getFinishedSpanItems());
    }

    @Test
    void a_failed_run_has_an_error_status() {
        start(Dag.builder("broken").root(Node.of(recording("only", true))).build());
        long run = scheduler.trigger("broken", null);
        Await.until(WAIT, () -> spans("run ").size() == 1, () -> "spans: " + exported.getFinishedSpanItems());
        assertEquals(DagRunStatus.FAILED, scheduler.store().dagRuns().find(run).orElseThrow().status());
        SpanData r = spans("run ").getFirst();
        assertEquals(StatusCode.ERROR, r.getStatus().getStatusCode());
        assertEquals("FAILED", r.getAttributes().get(OtelTracing.STATUS));
        SpanData a = one("attempt broken.only", 0);
        assertEquals(StatusCode.ERROR, a.getStatus().getStatusCode());
        assertEquals("FAILED", a.getAttributes().get(OtelTracing.STATUS));
    }

    @Test
    void store_writes_at_least_as_long_as_the_threshold_get_spans_and_shorter_ones_none() {
        storeThreshold = Duration.ZERO; // every write is "slow"
        start(Dag.builder("stored").root(Node.of(recording("only", false))).build());
        long run = scheduler.trigger("stored", null);
        Await.until(WAIT, () -> spans("run ").size() == 1, () -> "spans: " + exported.getFinishedSpanItems());
        assertEquals(DagRunStatus.SUCCESS, scheduler.store().dagRuns().find(run).orElseThrow().status());
        List<String> ops = spans("store ").stream().map(s -> s.getAttributes().get(OtelTracing.STORE_OPERATION)).toList();
        assertTrue(ops.contains("attempts.transitionAll"), "the batched hand-out and report: " + ops);
        assertTrue(spans("store ").stream().allMatch(s -> !s.getParentSpanContext().isValid()), "store spans are roots");
    }

    @Test
    void with_a_long_threshold_no_store_write_gets_a_span() {
        start(Dag.builder("quick").root(Node.of(recording("only", false))).build());
        scheduler.trigger("quick", null);
        Await.until(WAIT, () -> spans("run ").size() == 1, () -> "spans: " + exported.getFinishedSpanItems());
        assertEquals(List.of(), spans("store "));
    }
}
