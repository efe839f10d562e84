package ppacer.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Failed authentications per remote address: after {@code max} failures within a minute (counted
 * from the first), the address's requests that carry a key are answered 429 until the minute ends.
 * Counts every failure and every refusal, for the metrics.
 */
final class AuthLimiter {
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 10_000;

    private record Window(long startNanos, int failures) {
    }

    private final int max;
    private final LongSupplier nanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong limited = new AtomicLong();

    AuthLimiter(int max, LongSupplier nanos) {
        if (max < 1) {
            throw new IllegalArgumentException("The failed-authentication limit must be 1 or more, was " + max);
        }
        this.max = max;
        this.nanos = nanos;
    }

    /**
     * @param address a remote address
     * @return how long it must wait, when it has used up its failures; counted as a refusal
     */
    Optional<Duration> blocked(String address) {
        Window w = windows.get(address);
        if (w == null) {
            return Optional.empty();
        }
        long elapsed = nanos.getAsLong() - w.startNanos();
        if (elapsed >= WINDOW.toNanos() || w.failures() < max) {
            return Optional.empty();
        }
        limited.incrementAndGet();
        return Optional.of(Duration.ofNanos(WINDOW.toNanos() - elapsed));
    }

    /**
     * Counts a failure of {@code address}.
     *
     * @param address the remote address
     * @param reason why: {@code missing}, {@code wrong} or {@code revoked}
     */
    void failed(String address, String reason) {
        failures.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        if (reason.equals("missing")) {
            return; // a caller without a key guesses nothing: counted, not limited
        }
        long now = nanos.getAsLong();
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(w -> now - w.startNanos() >= WINDOW.toNanos());
        }
        windows.compute(address, (a, w) -> w == null || now - w.startNanos() >= WINDOW.toNanos()
                ? new Window(now, 1) : new Window(w.startNanos(), w.failures() + 1));
    }

    /** @return failed authentications by reason */
    Map<String, Long> failures() {
        Map<String, Long> out = new java.util.TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** @return requests refused 429 */
    long limited() {
        return limited.get();
    }
}
