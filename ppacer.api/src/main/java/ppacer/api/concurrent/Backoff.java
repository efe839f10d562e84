package ppacer.api.concurrent;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before trying again after a failure or an empty answer; {@link #reset()} after
 * each success. One instance serves one thread (or one retry sequence); implementations need not be
 * thread-safe, so share a factory ({@code Supplier<Backoff>}), not an instance.
 */
public interface Backoff {
    /** @return the next wait */
    Duration next();

    /** Back to the shortest wait. */
    void reset();

    /**
     * Always the same wait.
     *
     * @param interval the wait, not negative
     * @return the backoff
     */
    static Backoff fixed(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("fixed backoff needs a wait >= 0; was " + interval);
        }
        return new Backoff() {
            @Override
            public Duration next() {
                return interval;
            }

            @Override
            public void reset() {
            }
        };
    }

    /**
     * Linear backoff (ppacer's): each value is returned {@code repeat} times, then grows by {@code
     * step}, up to {@code max}.
     *
     * @param min the first wait
     * @param max the longest wait
     * @param step the growth
     * @param repeat how many times each value is used, at least 1
     * @return the backoff
     */
    static Backoff linear(Duration min, Duration max, Duration step, int repeat) {
        if (repeat < 1 || max.compareTo(min) < 0 || min.isNegative() || step.isNegative()) {
            throw new IllegalArgumentException("linear backoff needs 0 <= min <= max, step >= 0, repeat >= 1; was min="
                    + min + " max=" + max + " step=" + step + " repeat=" + repeat);
        }
        return new Backoff() {
            private Duration current = min;
            private int used;

            @Override
            public Duration next() {
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
     * @return the backoff
     */
    static Backoff exponential(Duration min, Duration max, double factor) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0 || !(factor > 1.0)) {
            throw new IllegalArgumentException("exponential backoff needs 0 < min <= max and factor > 1; was min="
                    + min + " max=" + max + " factor=" + factor);
        }
        return new Backoff() {
            private long nanos = min.toNanos();

            @Override
            public Duration next() {
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

    /**
     * Another backoff's waits, each drawn at random between half of it and all of it, so that
     * threads that failed together (two transactions in one deadlock) do not retry together again.
     *
     * @param base the backoff whose waits are jittered
     * @param random the source of randomness, used by the backoff's thread only
     * @return the backoff
     */
    static Backoff jittered(Backoff base, RandomGenerator random) {
        return new Backoff() {
            @Override
            public Duration next() {
                long nanos = base.next().toNanos();
                long half = nanos / 2;
                return Duration.ofNanos(half + random.nextLong(nanos - half + 1));
            }

            @Override
            public void reset() {
                base.reset();
            }
        };
    }
}
