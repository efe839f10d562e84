package ppacer.scheduler.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.Store;

/**
 * Retention of the audit log ({@link ppacer.api.spi.AuditStore#purgeOlderThan}): its rows older than
 * their own age go, the oldest first, whatever became of the runs they name (an audit row outlives
 * its run). The DAG filter and the kept runs of the criteria do not apply to it.
 *
 * @param maxAge audit rows older than this go
 */
public record AuditPurger(Duration maxAge) implements Purger {
    /** The default age of audit rows when retention is configured: a year, longer than any run's. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);

    /** Validates. */
    public AuditPurger {
        Objects.requireNonNull(maxAge, "maxAge");
    }

    @Override
    public String kind() {
        return "audit";
    }

    @Override
    public Map<String, Long> purgeBatch(Store store, PurgeCriteria criteria) {
        return Map.of("audit_log", (long) store.audit().purgeOlderThan(criteria.olderThan(), criteria.batchSize()));
    }

    @Override
    public Map<String, Long> count(Store store, PurgeCriteria criteria) {
        return Map.of("audit_log", store.audit().countOlderThan(criteria.olderThan()));
    }
}
