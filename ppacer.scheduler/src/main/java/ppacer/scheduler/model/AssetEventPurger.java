package ppacer.scheduler.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.Store;

/**
 * Retention of asset events ({@link ppacer.api.spi.AssetStore#purgeOlderThan}): events older than
 * their age go with their consumption rows, except what still matters: the newest event of each
 * asset, events pending for an active consumer DAG, and the triggering events of runs still stored.
 * The DAG filter and the kept runs of the criteria do not apply to it (an event belongs to an
 * asset, not to a DAG; a kept run keeps its triggering events through the last rule).
 *
 * @param maxAge asset events older than this go
 */
public record AssetEventPurger(Duration maxAge) implements Purger {
    /** Validates. */
    public AssetEventPurger {
        Objects.requireNonNull(maxAge, "maxAge");
    }

    @Override
    public String kind() {
        return "assets";
    }

    @Override
    public Map<String, Long> purgeBatch(Store store, PurgeCriteria criteria) {
        return Map.of("asset_events", (long) store.assets().purgeOlderThan(criteria.olderThan(), criteria.batchSize()));
    }

    @Override
    public Map<String, Long> count(Store store, PurgeCriteria criteria) {
        return Map.of("asset_events", store.assets().countPurgeable(criteria.olderThan()));
    }
}
