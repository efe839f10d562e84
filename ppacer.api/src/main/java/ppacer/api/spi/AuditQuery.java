package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A filter of the audit log; every present filter must match.
 *
 * @param dagId rows of this DAG
 * @param since rows at or after this instant
 * @param actor rows of this actor (exact)
 * @param action rows of this action (exact)
 * @param beforeId rows with a smaller id (the next page), else from the newest
 * @param limit at most so many rows, 1 or more
 */
public record AuditQuery(Optional<String> dagId, Optional<Instant> since, Optional<String> actor, Optional<String> action,
                         OptionalLong beforeId, int limit) {
    /** Checks the components. */
    public AuditQuery {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(beforeId, "beforeId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
    }

    /**
     * @param limit at most so many rows
     * @return every row, newest first
     */
    public static AuditQuery all(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), limit);
    }
}
