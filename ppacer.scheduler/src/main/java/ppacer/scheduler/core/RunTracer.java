package ppacer.scheduler.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TraceSpan;
import ppacer.api.spi.Tracing;

/**
 * The open spans of one leadership term: a span per active run (opened when the run becomes active
 * in memory: started, recovered, restarted), a child span per attempt from its hand-out to its end,
 * and a span per store write slower than the tracing's threshold. With {@link Tracing#OFF} every call
 * returns at once: no map entry, no clock read.
 */
public final class RunTracer {
    private final Tracing tracing;
    private final InstantSource clock;
    private final boolean on;
    private final Map<Long, TraceSpan> runs = new ConcurrentHashMap<>();
    private final Map<AttemptKey, TraceSpan> attempts = new ConcurrentHashMap<>();

    /**
     * @param tracing where spans go
     * @param clock the scheduler's clock
     */
    public RunTracer(Tracing tracing, InstantSource clock) {
        this.tracing = tracing;
        this.clock = clock;
        this.on = tracing.enabled();
    }

    /** @return true when spans are made */
    boolean on() {
        return on;
    }

    /**
     * Opens the span of a run that became active, unless it has one.
     *
     * @param rs the run
     * @param at when
     */
    void runActive(RunState rs, Instant at) {
        if (on) {
            runs.computeIfAbsent(rs.runId(), id -> tracing.startRun(rs.dag().id(), id, rs.logicalTime(), at));
        }
    }

    /**
     * Ends a run's span.
     *
     * @param runId the run
     * @param to its final status
     * @param at when
     */
    void runFinished(long runId, DagRunStatus to, Instant at) {
        if (on) {
            TraceSpan s = runs.remove(runId);
            if (s != null) {
                s.end(to.name(), to == DagRunStatus.FAILED, to == DagRunStatus.FAILED ? "run FAILED" : null, at);
            }
        }
    }

    /**
     * Opens the span of an attempt handed out, a child of its run's.
     *
     * @param rs the run
     * @param key the attempt
     * @param at the hand-out time
     * @return its W3C traceparent, empty when not traced
     */
    String attemptStarted(RunState rs, AttemptKey key, Instant at) {
        if (!on) {
            return "";
        }
        TraceSpan run = runs.get(rs.runId()); // opened when the run became active: no lambda made per attempt
        if (run == null) {
            run = runs.computeIfAbsent(rs.runId(), id -> tracing.startRun(rs.dag().id(), id, rs.logicalTime(), at));
        }
        TraceSpan s = tracing.startAttempt(run, rs.dag().id(), key, at);
        TraceSpan before = attempts.put(key, s);
        if (before != null) {
            before.end(TaskStatus.CANCELLED.name(), true, "handed out again", at);
        }
        return s.traceparent();
    }

    /**
     * Ends an attempt's span.
     *
     * @param key the attempt
     * @param to its status after the attempt
     * @param error the error of a failure, or null
     * @param at when
     */
    void attemptEnded(AttemptKey key, TaskStatus to, String error, Instant at) {
        if (on) {
            TraceSpan s = attempts.remove(key);
            if (s != null) {
                boolean failed = to == TaskStatus.FAILED || to == TaskStatus.FAILED_PENDING_RETRY;
                s.end(to.name(), failed, failed ? (error == null ? to.name() : error) : null, at);
            }
        }
    }

    /** @return the clock's now when tracing is on (the start of a store write), else null */
    Instant writeStart() {
        return on ? clock.instant() : null;
    }

    /**
     * Records a store write begun at {@code start} (from {@link #writeStart}) and ending now.
     *
     * @param operation what was written
     * @param start its start, null when tracing is off
     */
    void storeWrite(String operation, Instant start) {
        if (start != null) {
            tracing.storeWrite(operation, start, clock.instant());
        }
    }
}
