package ppacer.scheduler.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import ppacer.api.spi.BackfillReprocess;

/**
 * A backfill asked for (API, CLI or UI). Instants are kept to the microsecond, as the stores keep them.
 *
 * @param dagId the DAG
 * @param from the first logical time (inclusive)
 * @param to the last logical time (inclusive)
 * @param maxActive most unfinished runs at a time, at least 1
 * @param reprocess what to do at logical times that already have a run
 * @param reverse latest point first
 * @param paramsJson parameters of the runs it creates (a JSON object text)
 * @param force allow more than 100,000 points (up to 1,000,000)
 * @param allowOverlap allow a range that overlaps an active backfill of the DAG
 * @param createdBy who asks (e.g. {@code api}, {@code cli})
 */
public record BackfillRequest(String dagId, Instant from, Instant to, int maxActive, BackfillReprocess reprocess,
                              boolean reverse, String paramsJson, boolean force, boolean allowOverlap, String createdBy) {
    /** Validates the nulls and truncates the instants to microseconds. */
    public BackfillRequest {
        Objects.requireNonNull(dagId, "dagId");
        from = Objects.requireNonNull(from, "from").truncatedTo(ChronoUnit.MICROS);
        to = Objects.requireNonNull(to, "to").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(reprocess, "reprocess");
        Objects.requireNonNull(paramsJson, "paramsJson");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
