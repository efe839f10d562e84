package ppacer.api.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The deferral of an attempt (a sensor waiting): when it is poked again, how many pokes it had and
 * since when it pokes. Stored with the attempt's move to DEFERRED, kept while the attempt is
 * SCHEDULED and RUNNING again, so that its pokes and its timeout carry over.
 *
 * @param key the attempt
 * @param until when it is handed out again
 * @param pokes how many times it was deferred (1 after the first poke)
 * @param firstPokeAt when its first poke started (a timeout counts from it)
 * @param reason the task's last reason (e.g. "file /data/x.csv not found")
 * @param timeout how long after {@code firstPokeAt} it fails, if limited
 */
public record AttemptDeferral(AttemptKey key, Instant until, int pokes, Instant firstPokeAt, String reason,
                              Optional<Duration> timeout) {
    /** Validates. */
    public AttemptDeferral {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(firstPokeAt, "firstPokeAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        if (pokes < 1) {
            throw new IllegalArgumentException("A deferral counts at least one poke, got " + pokes + " (" + key + ")");
        }
    }
}
