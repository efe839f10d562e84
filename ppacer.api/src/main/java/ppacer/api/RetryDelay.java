package ppacer.api;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt of a failed task, measured from the failure.
 */
public sealed interface RetryDelay permits RetryDelay.Constant, RetryDelay.Exponential {

    /**
     * The delay before retry number {@code retry} (1 for the first retry).
     *
     * @param retry the retry number, 1-based
     * @param random source of jitter
     * @return the delay, never negative
     */
    Duration delayBefore(int retry, RandomGenerator random);

    /**
     * The same delay before every retry.
     *
     * @param delay the delay, zero or positive
     * @return the policy
     */
    static RetryDelay constant(Duration delay) {
        return new Constant(delay);
    }

    /**
     * Exponential backoff: {@code initial * multiplier^(retry-1)}, capped at {@code cap}, then
     * spread by up to ±{@code jitter} (a fraction, 0 to 1) of itself.
     *
     * @param initial delay before the first retry
     * @param multiplier growth factor, at least 1
     * @param cap the largest delay
     * @param jitter fraction of random spread, 0 to 1
     * @return the policy
     */
    static RetryDelay exponential(Duration initial, double multiplier, Duration cap, double jitter) {
        return new Exponential(initial, multiplier, cap, jitter);
    }

    /**
     * A constant delay.
     *
     * @param delay the delay before every retry
     */
    record Constant(Duration delay) implements RetryDelay {
        /** Validates the delay. */
        public Constant {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new DagDefinitionException("Retry delay must not be negative, was " + delay);
            }
        }

        @Override
        public Duration delayBefore(int retry, RandomGenerator random) {
            return delay;
        }
    }

    /**
     * Exponential backoff with a cap and jitter.
     *
     * @param initial delay before the first retry
     * @param multiplier growth factor, at least 1
     * @param cap the largest delay before jitter
     * @param jitter fraction of random spread, 0 to 1
     */
    record Exponential(Duration initial, double multiplier, Duration cap, double jitter) implements RetryDelay {
        /** Validates the parameters. */
        public Exponential {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(cap, "cap");
            if (initial.isNegative() || cap.isNegative()) {
                throw new DagDefinitionException("Backoff delays must not be negative, were initial=" + initial + ", cap=" + cap);
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new DagDefinitionException("Backoff multiplier must be a finite number >= 1, was " + multiplier);
            }
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new DagDefinitionException("Backoff jitter must be between 0 and 1, was " + jitter);
            }
        }

        @Override
        public Duration delayBefore(int retry, RandomGenerator random) {
            double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
            double capped = Math.min(nanos, cap.toNanos());
            double spread = jitter == 0.0 ? 0.0 : capped * jitter * (2.0 * random.nextDouble() - 1.0);
            return Duration.ofNanos(Math.max(0L, Math.round(capped + spread)));
        }
    }
}
