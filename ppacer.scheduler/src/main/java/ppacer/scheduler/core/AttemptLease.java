package ppacer.scheduler.core;

import java.time.Instant;
import ppacer.api.spi.AttemptKey;

/**
 * The lease of a handed-out attempt: unless a report or heartbeat comes before {@code deadline},
 * the attempt is judged lost (its lease expired). Leases wait on a {@link DueTimer} keyed by attempt.
 *
 * @param key the attempt
 * @param token the attempt token
 * @param deadline when it expires
 */
public record AttemptLease(AttemptKey key, String token, Instant deadline) {
    /**
     * @param clock the clock deadlines are compared with
     * @param onExpired called (on the timer's thread) for each expired lease
     * @return a timer of leases, one per attempt (a lease scheduled again is extended)
     */
    static DueTimer<AttemptKey, AttemptLease> timer(java.time.InstantSource clock,
                                                    java.util.function.Consumer<AttemptLease> onExpired) {
        return new DueTimer<>(clock, AttemptLease::key, AttemptLease::deadline, onExpired);
    }
}
