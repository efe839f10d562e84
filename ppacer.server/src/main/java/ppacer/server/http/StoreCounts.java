package ppacer.server.http;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs and attempts by status for {@code /metrics}, read from the store at most once per refresh
 * period (default 15 s, {@link ppacer.server.ServerConfig#metricsRefresh()}) rather than on every
 * scrape: two {@code countByStatus} queries (a GROUP BY over every run and every attempt) per period,
 * however many scrapers there are.
 *
 * <p>Why read from the store rather than maintain them from the core's counters: the store is the
 * only place that holds every row, also those written by an earlier process, by another scheduler
 * (a standby has no core at all) or removed by retention; counts kept in memory would drift and need
 * this same periodic read to reconcile, so the read alone is simpler and as fresh. The core's own
 * counters ({@link ppacer.scheduler.model.WorkCounts}) are exposed beside them, exact and without a query.
 *
 * <p>Refreshed on the scraping thread, single flight: the scrape that finds the counts older than the
 * period and wins a compare-and-set reads the store; scrapes meanwhile answer with the counts read
 * before (none before the first read ends). When the store fails, the previous counts are kept and
 * the store is asked again after the period, not on every scrape. The period is measured on the
 * scheduler's clock.
 */
final class StoreCounts {
    private static final System.Logger LOG = System.getLogger(StoreCounts.class.getName());

    /** The counts read at one moment. */
    private record Read(Instant at, Map<String, Long> runs, Map<String, Long> attempts) {
    }

    private static final Read NONE = new Read(Instant.MIN, Map.of(), Map.of());

    private final InstantSource clock;
    private final Duration refresh;
    private final Supplier<Map<? extends Enum<?>, Long>> runs;
    private final Supplier<Map<? extends Enum<?>, Long>> attempts;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Read last = NONE;

    /**
     * @param clock the scheduler's clock
     * @param refresh how long counts read are used
     * @param runs reads runs by status from the store
     * @param attempts reads attempts by status from the store
     */
    StoreCounts(InstantSource clock, Duration refresh, Supplier<Map<? extends Enum<?>, Long>> runs,
                Supplier<Map<? extends Enum<?>, Long>> attempts) {
        this.clock = clock;
        this.refresh = refresh;
        this.runs = runs;
        this.attempts = attempts;
    }

    /** @return runs by status name, read at most one refresh period ago (or empty before the first read) */
    Map<String, Long> runs() {
        return current().runs();
    }

    /** @return attempts by status name, read at most one refresh period ago (or empty before the first read) */
    Map<String, Long> attempts() {
        return current().attempts();
    }

    private Read current() {
        Read r = last;
        Instant now = clock.instant();
        if (fresh(r, now) || !refreshing.compareAndSet(false, true)) {
            return r;
        }
        try {
            r = last;
            if (fresh(r, now)) {
                return r; // another scrape read them between our look and our compare-and-set
            }
            try {
                r = new Read(now, byName(runs.get()), byName(attempts.get()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot read runs and attempts by status for /metrics: " + e.getMessage()
                        + "; answering with the counts read at " + (r == NONE ? "no time (none yet)" : r.at())
                        + " and trying again in " + refresh);
                r = new Read(now, r.runs(), r.attempts());
            }
            last = r;
            return r;
        } finally {
            refreshing.set(false);
        }
    }

    private boolean fresh(Read r, Instant now) {
        return r != NONE && now.isBefore(r.at().plus(refresh));
    }

    private static Map<String, Long> byName(Map<? extends Enum<?>, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.name(), v));
        return Collections.unmodifiableMap(out);
    }
}
