package ppacer.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ppacer.api.PpacerException;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TraceSpan;
import ppacer.api.spi.Tracing;
import ppacer.api.spi.TracingConfig;

/** The OpenTelemetry tracing alone, its spans in the SDK's in-memory exporter. */
class OtelTracingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private OtelTracing tracing = open(1.0, Duration.ofMillis(100));

    private OtelTracing open(double ratio, Duration threshold) {
        return OtelTracingProvider.open(new TracingConfig(true, TracingConfig.DEFAULT_ENDPOINT, ratio, "svc", threshold),
                SimpleSpanProcessor.create(exported));
    }

    @AfterEach
    void close() {
        tracing.close();
    }

    private SpanData named(String name) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + exported.getFinishedSpanItems()));
    }

    @Test
    void a_run_its_attempt_and_the_execution_are_parent_and_children_with_ppacer_attributes() {
        TraceSpan run = tracing.startRun("etl", 7, T0, T0);
        AttemptKey key = new AttemptKey(7, "load", 1);
        TraceSpan attempt = tracing.startAttempt(run, "etl", key, T0.plusSeconds(1));
        TraceSpan exec = tracing.startExecution(attempt.traceparent(), "etl", key, T0.plusSeconds(2));
        exec.end("SUCCESS", false, null, T0.plusSeconds(3));
        attempt.end("SUCCESS", false, null, T0.plusSeconds(4));
        run.end("SUCCESS", false, null, T0.plusSeconds(5));

        SpanData r = named("run etl");
        SpanData a = named("attempt etl.load");
        SpanData e = named("execute etl.load");
        assertFalse(r.getParentSpanContext().isValid(), "a run's span is a root");
        assertEquals(r.getSpanId(), a.getParentSpanId());
        assertEquals(a.getSpanId(), e.getParentSpanId());
        assertEquals(r.getTraceId(), e.getTraceId());
        assertEquals("etl", a.getAttributes().get(OtelTracing.DAG_ID));
        assertEquals(7L, a.getAttributes().get(OtelTracing.RUN_ID));
        assertEquals("load", a.getAttributes().get(OtelTracing.TASK_ID));
        assertEquals(1L, e.getAttributes().get(OtelTracing.ATTEMPT));
        assertEquals("SUCCESS", r.getAttributes().get(OtelTracing.STATUS));
        assertEquals(T0.toString(), r.getAttributes().get(OtelTracing.LOGICAL_TIME));
        assertEquals(StatusCode.UNSET, a.getStatus().getStatusCode());
        assertEquals(T0.plusSeconds(1).toEpochMilli() * 1_000_000, a.getStartEpochNanos());
        assertEquals(T0.plusSeconds(4).toEpochMilli() * 1_000_000, a.getEndEpochNanos());
        assertEquals("svc", r.getResource().getAttribute(OtelTracingProvider.SERVICE_NAME));
        assertEquals("00-" + e.getTraceId() + "-" + e.getSpanId() + "-" + e.getSpanContext().getTraceFlags().asHex(),
                exec.traceparent());
        assertTrue(e.getSpanContext().getTraceFlags().isSampled());
    }

    @Test
    void a_failed_attempt_has_an_error_status_with_its_message_and_ends_once() {
        TraceSpan run = tracing.startRun("etl", 1, T0, T0);
        TraceSpan attempt = tracing.startAttempt(run, "etl", new AttemptKey(1, "t", 0), T0);
        attempt.end("FAILED", true, "boom: disk full", T0.plusSeconds(1));
        attempt.end("SUCCESS", false, null, T0.plusSeconds(2));
        SpanData a = named("attempt etl.t");
        assertEquals(StatusCode.ERROR, a.getStatus().getStatusCode());
        assertEquals("boom: disk full", a.getStatus().getDescription());
        assertEquals("FAILED", a.getAttributes().get(OtelTracing.STATUS));
        assertEquals(1, exported.getFinishedSpanItems().size());
    }

    @Test
    void an_execution_without_a_valid_parent_context_is_not_traced() {
        AttemptKey key = new AttemptKey(1, "t", 0);
        assertSame(TraceSpan.NONE, tracing.startExecution(null, "d", key, T0));
        assertSame(TraceSpan.NONE, tracing.startExecution("", "d", key, T0));
        assertSame(TraceSpan.NONE, tracing.startExecution("00-xyz-abc-01", "d", key, T0));
        assertSame(TraceSpan.NONE, tracing.startExecution("00-00000000000000000000000000000000-b7ad6b7169203331-01",
                "d", key, T0));
        assertSame(TraceSpan.NONE, tracing.startExecution("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-zz",
                "d", key, T0));
    }

    @Test
    void only_a_store_write_at_least_as_long_as_the_threshold_gets_a_span() {
        tracing.storeWrite("attempts.insert", T0, T0.plusMillis(99));
        tracing.storeWrite("attempts.transitionAll", T0, T0.plusMillis(250));
        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(1, spans.size(), spans.toString());
        assertEquals("store attempts.transitionAll", spans.getFirst().getName());
        assertEquals(250_000_000L, spans.getFirst().getEndEpochNanos() - spans.getFirst().getStartEpochNanos());
    }

    @Test
    void a_zero_sample_ratio_exports_nothing_and_its_children_follow_the_run() {
        tracing.close();
        tracing = open(0.0, Duration.ZERO);
        TraceSpan run = tracing.startRun("etl", 1, T0, T0);
        TraceSpan attempt = tracing.startAttempt(run, "etl", new AttemptKey(1, "t", 0), T0);
        assertFalse(OtelTracing.parse(attempt.traceparent()).isSampled(), attempt.traceparent());
        TraceSpan exec = tracing.startExecution(attempt.traceparent(), "etl", new AttemptKey(1, "t", 0), T0);
        exec.end("SUCCESS", false, null, T0);
        attempt.end("SUCCESS", false, null, T0);
        run.end("SUCCESS", false, null, T0);
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    @Test
    void at_sample_ratio_one_every_run_is_sampled_and_an_unsampled_remote_parent_is_still_followed() {
        assertEquals("ParentBased{root:AlwaysOnSampler,remoteParentSampled:AlwaysOnSampler,"
                + "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
                + "localParentNotSampled:AlwaysOffSampler}", OtelTracingProvider.sampler(1.0).getDescription());
        for (int i = 0; i < 100; i++) {
            TraceSpan run = tracing.startRun("etl", i, T0, T0);
            assertTrue(OtelTracing.parse(tracing.startAttempt(run, "etl", new AttemptKey(i, "t", 0), T0).traceparent())
                    .isSampled());
        }
        // a scheduler sampling fewer runs hands out unsampled contexts: an executor at 1.0 follows them
        TraceSpan exec = tracing.startExecution("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", "etl",
                new AttemptKey(1, "t", 0), T0);
        exec.end("SUCCESS", false, null, T0);
        assertEquals(List.of(), exported.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("execute"))
                .toList());
    }

    @Test
    void tracing_off_is_the_no_op_and_on_is_found_as_a_service_with_the_environment_applied() {
        assertSame(Tracing.OFF, Tracing.open(TracingConfig.OFF));
        TracingConfig on = new TracingConfig(true, URI.create("http://127.0.0.1:1"), 1.0, "x", Duration.ZERO)
                .withEnvironment(Map.of("OTEL_SERVICE_NAME", "from-env", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:2"));
        assertEquals("from-env", on.serviceName());
        assertEquals(URI.create("http://127.0.0.1:2"), on.endpoint());
        try (Tracing t = Tracing.open(on)) {
            assertTrue(t instanceof OtelTracing, t.getClass().getName());
        }
    }

    @Test
    void bad_settings_fail_naming_the_value_and_what_was_expected() {
        PpacerException e = assertThrows(PpacerException.class, () -> new TracingConfig(true, URI.create("ftp://h"), 1.0,
                "x", Duration.ZERO));
        assertEquals("tracing endpoint 'ftp://h' is not valid: expected an http(s) URL such as http://127.0.0.1:4318",
                e.getMessage());
        e = assertThrows(PpacerException.class, () -> new TracingConfig(true, TracingConfig.DEFAULT_ENDPOINT, 1.5, "x",
                Duration.ZERO));
        assertEquals("tracing sample-ratio must be between 0 and 1, was 1.5", e.getMessage());
    }
}
