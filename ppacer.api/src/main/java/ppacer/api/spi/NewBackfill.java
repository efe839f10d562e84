package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A backfill to insert, state RUNNING.
 *
 * @param dagId the DAG
 * @param from the first logical time of the range (inclusive)
 * @param to the last logical time of the range (inclusive)
 * @param maxActive most unfinished runs of the backfill at a time, at least 1
 * @param reprocess what to do at logical times that already have a run
 * @param reverse true to go from the latest point to the earliest
 * @param paramsJson parameters of the runs it creates (a JSON object text)
 * @param createdBy who asked for it (e.g. {@code api}, {@code cli})
 * @param createdAt insert time
 * @param cursor the first point to process; empty when the range has none
 * @param total how many schedule points the range holds
 */
public record NewBackfill(String dagId, Instant from, Instant to, int maxActive, BackfillReprocess reprocess,
                          boolean reverse, String paramsJson, String createdBy, Instant createdAt,
                          Optional<Instant> cursor, int total) {
    /** Validates. */
    public NewBackfill {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reprocess, "reprocess");
        Objects.requireNonNull(paramsJson, "paramsJson");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(cursor, "cursor");
        if (maxActive < 1) {
            throw new IllegalArgumentException("maxActive must be at least 1, not " + maxActive);
        }
    }
}
