package ppacer.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import ppacer.api.spi.TraceSpan;

/** A {@link TraceSpan} over an OpenTelemetry span; ended once. */
final class OtelSpan implements TraceSpan {
    private final Span span;
    private final String traceparent;
    private final AtomicBoolean ended = new AtomicBoolean();

    OtelSpan(Span span) {
        this.span = span;
        SpanContext c = span.getSpanContext();
        this.traceparent = c.isValid()
                ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex()
                : "";
    }

    /** @return the OpenTelemetry span, a parent of child spans */
    Span span() {
        return span;
    }

    @Override
    public String traceparent() {
        return traceparent;
    }

    @Override
    public void end(String status, boolean failed, String error, Instant at) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        span.setAttribute(OtelTracing.STATUS, status);
        if (failed) {
            span.setStatus(StatusCode.ERROR, error == null ? status : error);
        }
        span.end(at);
    }
}
