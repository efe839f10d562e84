package ppacer.store.jdbc;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import ppacer.api.concurrent.Backoff;

/**
 * The pause before a transaction the database rolled back as a deadlock victim or a serialization
 * failure is tried again: short and jittered, so that the transactions that collided do not collide
 * again by retrying at the same instant.
 */
final class DeadlockRetry {
    private static final Duration FIRST = Duration.ofMillis(8);
    private static final Duration LONGEST = Duration.ofMillis(50);

    private DeadlockRetry() {
    }

    /** @return the waits of one retry sequence, for the calling thread only */
    static Backoff backoff() {
        return Backoff.jittered(Backoff.exponential(FIRST, LONGEST, 2.0), ThreadLocalRandom.current());
    }

    /**
     * Waits the backoff's next pause before a retry.
     *
     * @param backoff the retry sequence's backoff
     * @return false when interrupted (the flag is restored): do not retry then
     */
    static boolean pause(Backoff backoff) {
        try {
            Thread.sleep(backoff.next());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
