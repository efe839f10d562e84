package ppacer.scheduler.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.Store;

/**
 * Retention of task logs: {@link Store#purgeLogs} (logs of finished runs; the runs stay).
 *
 * @param maxAge logs of finished runs older than this go
 */
public record LogPurger(Duration maxAge) implements Purger {
    /** Validates. */
    public LogPurger {
        Objects.requireNonNull(maxAge, "maxAge");
    }

    @Override
    public String kind() {
        return "logs";
    }

    @Override
    public Map<String, Long> purgeBatch(Store store, PurgeCriteria criteria) {
        return Map.of("logs", store.purgeLogs(criteria));
    }

    @Override
    public Map<String, Long> count(Store store, PurgeCriteria criteria) {
        return Map.of("logs", store.countPurgeableLogs(criteria));
    }
}
