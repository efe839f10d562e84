package ppacer.api.spi;

import java.time.Instant;
import java.util.List;

/**
 * The {@code audit_log} table: who did which operator action, when, from where, to what, and the state
 * before and after. Rows are written only by the mutating calls of the other stores that take an
 * {@link AuditEntry}, in the transaction of their change and only when it applied.
 */
public interface AuditStore {
    /**
     * @param query the filters and page
     * @return the matching rows, newest (highest id) first
     */
    List<AuditRecord> list(AuditQuery query);

    /**
     * Deletes up to {@code batchSize} rows older than {@code cutoff} (the oldest first), in one short
     * transaction; call again until it answers less than {@code batchSize}.
     *
     * @param cutoff rows before this instant go
     * @param batchSize at most so many rows, 1 or more
     * @return how many rows went
     */
    int purgeOlderThan(Instant cutoff, int batchSize);

    /**
     * @param cutoff an instant
     * @return how many rows are older than it (what repeated {@link #purgeOlderThan} calls would delete)
     */
    long countOlderThan(Instant cutoff);
}
