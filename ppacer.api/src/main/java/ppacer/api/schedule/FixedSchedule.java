package ppacer.api.schedule;

import java.math.BigInteger;
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
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

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
        // after + (interval - (after - start) mod interval), in exact nanos: no overflow even when
        // the number of points between start and after does not fit a long (1ns over 300 years).
        BigInteger intervalNanos = nanos(interval);
        BigInteger[] toNext = intervalNanos.subtract(nanos(Duration.between(startAt, after)).mod(intervalNanos))
                .divideAndRemainder(NANOS_PER_SECOND);
        return after.plusSeconds(toNext[0].longValueExact()).plusNanos(toNext[1].longValue());
    }

    private static BigInteger nanos(Duration duration) {
        return BigInteger.valueOf(duration.getSeconds()).multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(duration.getNano()));
    }

    @Override
    public String describe() {
        return "every " + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
