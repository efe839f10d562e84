package ppacer.api.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.DagDefinitionException;

/**
 * Every {@code interval} from {@code start}: the points are {@code start + k * interval}, k ≥ 0.
 * Plain duration arithmetic, so daylight-saving changes do not move it. {@link #next(Instant)} is
 * O(1).
 *
 * @param startAt the first point
 * @param interval the period, positive
 */
public record FixedSchedule(Instant startAt, Duration interval) implements Schedule {
    /** Validates the interval. */
    public FixedSchedule {
        Objects.requireNonNull(startAt, "start");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new DagDefinitionException("Fixed schedule interval must be positive, was " + interval);
        }
    }

    @Override
    public Optional<Instant> start() {
        return Optional.of(startAt);
    }

    @Override
    public Instant next(Instant after) {
        if (after.isBefore(startAt)) {
            return startAt;
        }
        Duration since = Duration.between(startAt, after);
        // k = floor(since / interval) + 1, computed in nanos when it fits, else in seconds.
        long k;
        try {
            k = since.toNanos() / interval.toNanos() + 1;
        } catch (ArithmeticException overflow) {
            k = since.getSeconds() / Math.max(1, interval.getSeconds()) + 1;
            while (!startAt.plus(interval.multipliedBy(k)).isAfter(after)) {
                k++;
            }
        }
        return startAt.plus(interval.multipliedBy(k));
    }

    @Override
    public String describe() {
        return "every " + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
