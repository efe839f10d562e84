package ppacer.store.jdbc;

import java.time.Instant;
import java.util.Optional;

/** Instants as BIGINT microseconds since the epoch: exact, and immune to session time zones. */
final class Micros {
    private static final long PER_SECOND = 1_000_000L;

    private Micros() {
    }

    static long of(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), PER_SECOND), t.getNano() / 1_000);
    }

    static Long ofNullable(Optional<Instant> t) {
        return t.map(Micros::of).orElse(null);
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000);
    }

    static Instant toInstant(Object number) {
        return toInstant(((Number) number).longValue());
    }

    static Optional<Instant> toOptional(Object numberOrNull) {
        return numberOrNull == null ? Optional.empty() : Optional.of(toInstant(numberOrNull));
    }
}
