package ppacer.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.time.Instant;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TraceSpan;
import ppacer.api.spi.Tracing;

/**
 * {@link Tracing} with the OpenTelemetry SDK. Spans: {@code run <dag>} (a root), {@code attempt
 * <dag>.<task>} (its child), {@code execute <dag>.<task>} (the attempt's child, made by the executor
 * from the attempt's traceparent) and {@code store <operation>} for a store write slower than the
 * threshold.
 */
final class OtelTracing implements Tracing {
    /** The DAG id. */
    static final AttributeKey<String> DAG_ID = AttributeKey.stringKey("ppacer.dag.id");
    /** The run id. */
    static final AttributeKey<Long> RUN_ID = AttributeKey.longKey("ppacer.run.id");
    /** The task id. */
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("ppacer.task.id");
    /** The attempt number, 0 for the first. */
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("ppacer.attempt");
    /** The run's logical time (ISO-8601). */
    static final AttributeKey<String> LOGICAL_TIME = AttributeKey.stringKey("ppacer.logical_time");
    /** The final status of a run, an attempt or an execution. */
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("ppacer.status");
    /** What a slow store write wrote. */
    static final AttributeKey<String> STORE_OPERATION = AttributeKey.stringKey("ppacer.store.operation");
    /** The instrumentation scope. */
    static final String SCOPE = "ppacer";

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final Duration storeThreshold;

    /**
     * @param provider the SDK's tracer provider (closed by {@link #close()})
     * @param storeThreshold a store write at least this long gets a span
     */
    OtelTracing(SdkTracerProvider provider, Duration storeThreshold) {
        this.provider = provider;
        this.tracer = provider.get(SCOPE);
        this.storeThreshold = storeThreshold;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public TraceSpan startRun(String dagId, long runId, Instant logicalTime, Instant at) {
        return new OtelSpan(tracer.spanBuilder("run " + dagId).setNoParent().setStartTimestamp(at)
                .setAttribute(DAG_ID, dagId).setAttribute(RUN_ID, runId)
                .setAttribute(LOGICAL_TIME, logicalTime.toString()).startSpan());
    }

    @Override
    public TraceSpan startAttempt(TraceSpan run, String dagId, AttemptKey key, Instant at) {
        SpanBuilder b = tracer.spanBuilder("attempt " + dagId + "." + key.taskId()).setStartTimestamp(at);
        if (run instanceof OtelSpan parent) {
            b.setParent(Context.root().with(parent.span()));
        } else {
            b.setNoParent();
        }
        return new OtelSpan(attributes(b, dagId, key).startSpan());
    }

    @Override
    public TraceSpan startExecution(String traceparent, String dagId, AttemptKey key, Instant at) {
        if (traceparent == null || traceparent.isEmpty()) {
            return TraceSpan.NONE;
        }
        SpanContext remote = parse(traceparent);
        if (!remote.isValid()) {
            return TraceSpan.NONE;
        }
        SpanBuilder b = tracer.spanBuilder("execute " + dagId + "." + key.taskId())
                .setParent(Context.root().with(Span.wrap(remote)))
                .setStartTimestamp(at);
        return new OtelSpan(attributes(b, dagId, key).startSpan());
    }

    /**
     * Reads a W3C traceparent ({@code 00-<32 hex>-<16 hex>-<2 hex>}).
     *
     * @param traceparent the header value
     * @return its span context, invalid when it does not read
     */
    static SpanContext parse(String traceparent) {
        String[] p = traceparent.strip().split("-");
        if (p.length < 4 || p[0].length() != 2 || "ff".equals(p[0]) || p[3].length() != 2
                || !TraceId.isValid(p[1]) || !SpanId.isValid(p[2])) {
            return SpanContext.getInvalid();
        }
        try {
            java.util.HexFormat.fromHexDigits(p[3]);
        } catch (IllegalArgumentException e) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(p[1], p[2], TraceFlags.fromHex(p[3], 0), TraceState.getDefault());
    }

    private static SpanBuilder attributes(SpanBuilder b, String dagId, AttemptKey key) {
        return b.setAttribute(DAG_ID, dagId).setAttribute(RUN_ID, key.runId()).setAttribute(TASK_ID, key.taskId())
                .setAttribute(ATTEMPT, (long) key.attempt());
    }

    @Override
    public void storeWrite(String operation, Instant start, Instant end) {
        if (Duration.between(start, end).compareTo(storeThreshold) >= 0) {
            tracer.spanBuilder("store " + operation).setNoParent().setStartTimestamp(start)
                    .setAttribute(STORE_OPERATION, operation).startSpan().end(end);
        }
    }

    @Override
    public void close() {
        provider.close();
    }
}
