package ppacer.exec;

import java.time.Duration;

/**
 * How long an executor waits before asking again after an empty answer or a failure; {@link
 * #reset()} is called after each success. Used by one thread; implementations need not be
 * thread-safe.
 */
public interface Pacing {
    /** @return the next wait */
    Duration nextInterval();

    /** Back to the shortest wait. */
    void reset();

    /**
     * Always the same wait.
     *
     * @param interval the wait
     * @return the pacing
     */
    static Pacing fixed(Duration interval) {
        return new Pacing() {
            @Override
            public Duration nextInterval() {
                return interval;
            }

            @Override
            public void reset() {
            }
        };
    }

    /**
     * ppacer's linear backoff: each value is returned {@code repeat} times, then grows by {@code
     * step}, up to {@code max}.
     *
     * @param min the first wait
     * @param max the longest wait
     * @param step the growth
     * @param repeat how many times each value is used, at least 1
     * @return the pacing
     */
    static Pacing linear(Duration min, Duration max, Duration step, int repeat) {
        if (repeat < 1 || max.compareTo(min) < 0 || min.isNegative() || step.isNegative()) {
            throw new IllegalArgumentException("linear pacing needs 0 <= min <= max, step >= 0, repeat >= 1; was min="
                    + min + " max=" + max + " step=" + step + " repeat=" + repeat);
        }
        return new Pacing() {
            private Duration current = min;
            private int used;

            @Override
            public Duration nextInterval() {
                if (used == repeat) {
                    used = 0;
                    current = current.plus(step).compareTo(max) > 0 ? max : current.plus(step);
                }
                used++;
                return current;
            }

            @Override
            public void reset() {
                current = min;
                used = 0;
            }
        };
    }

    /**
     * Exponential backoff: {@code min}, {@code min*factor}, ... up to {@code max}.
     *
     * @param min the first wait, positive
     * @param max the longest wait
     * @param factor growth factor, above 1
     * @return the pacing
     */
    static Pacing exponential(Duration min, Duration max, double factor) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0 || !(factor > 1.0)) {
            throw new IllegalArgumentException("exponential pacing needs 0 < min <= max and factor > 1; was min="
                    + min + " max=" + max + " factor=" + factor);
        }
        return new Pacing() {
            private long nanos = min.toNanos();

            @Override
            public Duration nextInterval() {
                long now = nanos;
                nanos = (long) Math.min(max.toNanos(), nanos * factor);
                return Duration.ofNanos(now);
            }

            @Override
            public void reset() {
                nanos = min.toNanos();
            }
        };
    }
}
