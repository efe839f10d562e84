package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.model.DurationHistogram;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;

/**
 * Times the attempts the core hands out, whichever executor runs them (over HTTP or in process):
 * the scheduling hop (attempt ready, i.e. its parents done, to its hand-out) and the attempt's
 * duration (hand-out to its accepted report). The hand-out times of attempts not yet reported are
 * kept in memory, at most {@value #MAX_TRACKED}; beyond that (executors that vanished with many
 * attempts) they are dropped and those durations are simply not counted.
 */
public final class AttemptTimings {
    static final int MAX_TRACKED = 200_000;
    private static final double[] HOP_BOUNDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
    private static final double[] DURATION_BOUNDS = {0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600};

    private final InstantSource clock;
    private final DurationRecorder hop = new DurationRecorder(HOP_BOUNDS);
    private final DurationRecorder duration = new DurationRecorder(DURATION_BOUNDS);
    private final ConcurrentHashMap<AttemptKey, Instant> handedOut = new ConcurrentHashMap<>();

    /** @param clock the scheduler's clock */
    public AttemptTimings(InstantSource clock) {
        this.clock = clock;
    }

    /** @param leases attempts just handed out */
    public void handedOut(List<TaskLease> leases) {
        for (TaskLease l : leases) {
            hop.record(Duration.between(l.readyAt(), l.handedOutAt()));
            if (handedOut.size() >= MAX_TRACKED) {
                handedOut.clear();
            }
            handedOut.put(l.key(), l.handedOutAt());
        }
    }

    /**
     * @param key the attempt reported
     * @param result the scheduler's answer; only an accepted report ends the attempt's timing
     * @return {@code result}
     */
    public ReportResult reported(AttemptKey key, ReportResult result) {
        if (result.accepted()) {
            Instant at = handedOut.remove(key);
            if (at != null) {
                duration.record(Duration.between(at, clock.instant()));
            }
        }
        return result;
    }

    /** @return scheduling hops: attempt ready to handed out */
    public DurationHistogram hops() {
        return hop.snapshot();
    }

    /** @return attempt durations: handed out to the accepted report */
    public DurationHistogram durations() {
        return duration.snapshot();
    }
}
