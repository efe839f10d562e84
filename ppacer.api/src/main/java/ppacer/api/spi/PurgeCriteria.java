package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which finished runs a purge takes (runs, or only their task logs), and how many at a time.
 *
 * <p>Never taken, whatever the criteria: unfinished runs (neither SUCCESS nor FAILED), runs of a
 * backfill that is not terminal (RUNNING or PAUSED), and the {@code keepLastPerDag} runs of each DAG
 * with the latest logical times.
 *
 * @param olderThan runs last updated before this instant are candidates
 * @param dagId only runs of this DAG, or every DAG when empty
 * @param keepLastPerDag the latest runs (by logical time) of each DAG that are kept, 0 or more
 * @param batchSize the most runs one call takes (one transaction), 1..{@value #MAX_BATCH}
 */
public record PurgeCriteria(Instant olderThan, Optional<String> dagId, int keepLastPerDag, int batchSize) {
    /** The largest batch size: larger transactions hold the store's write lock too long. */
    public static final int MAX_BATCH = 100_000;

    /** Validates. */
    public PurgeCriteria {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(dagId, "dagId");
        if (keepLastPerDag < 0) {
            throw new IllegalArgumentException("keepLastPerDag must be 0 or more, was " + keepLastPerDag);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH + ", was " + batchSize);
        }
    }
}
