package ppacer.scheduler.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.Store;

/**
 * Retention of runs: {@link Store#purgeRuns} (finished runs with all their data, and old schedule events).
 *
 * @param maxAge finished runs older than this go
 */
public record RunPurger(Duration maxAge) implements Purger {
    /** Validates. */
    public RunPurger {
        Objects.requireNonNull(maxAge, "maxAge");
    }

    @Override
    public String kind() {
        return "runs";
    }

    @Override
    public Map<String, Long> purgeBatch(Store store, PurgeCriteria criteria) {
        return rows(store.purgeRuns(criteria));
    }

    @Override
    public Map<String, Long> purgeBatch(Store store, PurgeCriteria criteria, Optional<AuditEntry> audit) {
        return rows(store.purgeRuns(criteria, audit));
    }

    @Override
    public Map<String, Long> count(Store store, PurgeCriteria criteria) {
        return rows(store.countPurgeableRuns(criteria));
    }

    private static Map<String, Long> rows(PurgeResult r) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("runs", r.runs());
        out.put("attempts", r.attempts());
        out.put("logs", r.logs());
        out.put("schedule_events", r.scheduleEvents());
        return out;
    }
}
