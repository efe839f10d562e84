package ppacer.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import ppacer.api.spi.TraceSpan;

/** A {@link TraceSpan} over an OpenTelemetry span; ended once. */
final class OtelSpan implements TraceSpan {
    /** Ends once with a compare-and-set on {@link #ended}: a field, not an AtomicBoolean per span. */
    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(OtelSpan.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Span span;
    /** Formatted on first use: a run's span, whose context nobody asks for, never formats it. */
    private String traceparent;
    @SuppressWarnings("unused") // through ENDED
    private volatile boolean ended;

    OtelSpan(Span span) {
        this.span = span;
    }

    /** @return the OpenTelemetry span, a parent of child spans */
    Span span() {
        return span;
    }

    @Override
    public String traceparent() {
        String t = traceparent;
        if (t == null) { // a race formats it twice, to the same immutable value
            SpanContext c = span.getSpanContext();
            t = c.isValid() ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex() : "";
            traceparent = t;
        }
        return t;
    }

    @Override
    public void end(String status, boolean failed, String error, Instant at) {
        if (!ENDED.compareAndSet(this, false, true)) {
            return;
        }
        span.setAttribute(OtelTracing.STATUS, status);
        if (failed) {
            span.setStatus(StatusCode.ERROR, error == null ? status : error);
        }
        span.end(at);
    }
}
