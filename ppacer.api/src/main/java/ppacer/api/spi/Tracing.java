package ppacer.api.spi;

import java.time.Instant;
import java.util.Iterator;
import java.util.ServiceLoader;
import ppacer.api.PpacerException;

/**
 * Spans of DAG runs, task attempts, their executions and slow store writes (OpenTelemetry when the
 * optional module {@code ppacer.otel} is present and tracing is enabled). {@link #OFF} when disabled:
 * every call then returns {@link TraceSpan#NONE} and costs nothing.
 *
 * <p>Attributes: {@code ppacer.dag.id}, {@code ppacer.run.id}, {@code ppacer.task.id},
 * {@code ppacer.attempt}. An attempt's span is a child of its run's; an execution's span is a child of
 * the attempt's, whose context travels to the executor as a W3C {@code traceparent}.
 */
public interface Tracing extends AutoCloseable {
    /** No tracing. */
    Tracing OFF = new Tracing() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public TraceSpan startRun(String dagId, long runId, Instant logicalTime, Instant at) {
            return TraceSpan.NONE;
        }

        @Override
        public TraceSpan startAttempt(TraceSpan run, String dagId, AttemptKey key, Instant at) {
            return TraceSpan.NONE;
        }

        @Override
        public TraceSpan startExecution(String traceparent, String dagId, AttemptKey key, Instant at) {
            return TraceSpan.NONE;
        }

        @Override
        public void storeWrite(String operation, Instant start, Instant end) {
        }

        @Override
        public void close() {
        }
    };

    /** @return false for {@link #OFF} */
    boolean enabled();

    /**
     * Opens the span of a DAG run (a root span).
     *
     * @param dagId the DAG
     * @param runId the run
     * @param logicalTime the run's logical time
     * @param at when it started
     * @return the span
     */
    TraceSpan startRun(String dagId, long runId, Instant logicalTime, Instant at);

    /**
     * Opens the span of a task attempt, a child of its run's.
     *
     * @param run the run's span
     * @param dagId the DAG
     * @param key the attempt
     * @param at when it was handed out
     * @return the span
     */
    TraceSpan startAttempt(TraceSpan run, String dagId, AttemptKey key, Instant at);

    /**
     * Opens the span of an attempt's execution by an executor, a child of the attempt's span.
     *
     * @param traceparent the attempt span's context (W3C), empty or null when the scheduler did not trace it
     * @param dagId the DAG
     * @param key the attempt
     * @param at when the execution started
     * @return the span ({@link TraceSpan#NONE} without a parent context: the attempt was not sampled)
     */
    TraceSpan startExecution(String traceparent, String dagId, AttemptKey key, Instant at);

    /**
     * Records a store write as a span when it took longer than the configured threshold.
     *
     * @param operation what was written, e.g. {@code attempts.batch}
     * @param start when it began
     * @param end when it was committed
     */
    void storeWrite(String operation, Instant start, Instant end);

    /** Flushes the spans not yet exported and stops exporting. */
    @Override
    void close();

    /**
     * The tracing of a configuration: {@link #OFF} when disabled, else the one of the
     * {@link TracingProvider} found by {@link ServiceLoader}.
     *
     * @param config the settings
     * @return the tracing
     * @throws PpacerException when tracing is enabled and no provider is on the module path
     */
    static Tracing open(TracingConfig config) {
        if (!config.enabled()) {
            return OFF;
        }
        Iterator<TracingProvider> found = ServiceLoader.load(TracingProvider.class).iterator();
        if (!found.hasNext()) {
            throw new PpacerException("tracing is enabled but no tracing provider was found: add the module ppacer.otel"
                    + " (and the OpenTelemetry jars) to the module path, or set tracing.enabled to false");
        }
        return found.next().open(config);
    }
}
