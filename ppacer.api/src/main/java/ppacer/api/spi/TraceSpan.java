package ppacer.api.spi;

import java.time.Instant;

/**
 * An open span of a {@link Tracing}: a DAG run, a task attempt or an attempt's execution by an
 * executor. Ended once; a second end is ignored.
 */
public interface TraceSpan {
    /** The span of a disabled tracing: no context, ending does nothing. */
    TraceSpan NONE = new TraceSpan() {
        @Override
        public String traceparent() {
            return "";
        }

        @Override
        public void end(String status, boolean failed, String error, Instant at) {
        }
    };

    /**
     * @return this span's context as a W3C {@code traceparent} header value
     *     ({@code 00-<trace id>-<span id>-<flags>}); empty when not traced
     */
    String traceparent();

    /**
     * Ends the span.
     *
     * @param status the final status, recorded as {@code ppacer.status} (e.g. {@code SUCCESS})
     * @param failed true to mark it as an error
     * @param error the error text of a failure (its status description), or null
     * @param at when it ended
     */
    void end(String status, boolean failed, String error, Instant at);
}
