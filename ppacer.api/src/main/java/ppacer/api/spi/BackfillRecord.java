package ppacer.api.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored backfill.
 *
 * @param id the backfill id
 * @param dagId the DAG
 * @param from the first logical time of the range (inclusive)
 * @param to the last logical time of the range (inclusive)
 * @param maxActive most unfinished runs of the backfill at a time
 * @param reprocess what it does at logical times that already have a run
 * @param reverse true when it goes from the latest point to the earliest
 * @param paramsJson parameters of the runs it creates
 * @param createdBy who asked for it
 * @param createdAt insert time
 * @param state its state
 * @param cursor the next point to process; empty once every point is processed
 * @param total how many schedule points the range holds
 * @param created runs it created
 * @param rerun existing runs it restarted
 * @param skipped points it skipped (a run existed and was not to be rerun)
 * @param version incremented by every change, for compare-and-set
 * @param updatedAt last change
 */
public record BackfillRecord(long id, String dagId, Instant from, Instant to, int maxActive, BackfillReprocess reprocess,
                             boolean reverse, String paramsJson, String createdBy, Instant createdAt,
                             BackfillState state, Optional<Instant> cursor, int total, int created, int rerun,
                             int skipped, long version, Instant updatedAt) {
    /** @return points processed so far (created, rerun or skipped) */
    public int processed() {
        return created + rerun + skipped;
    }
}
