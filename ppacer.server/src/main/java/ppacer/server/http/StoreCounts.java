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
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;

/**
 * Runs and attempts by status for {@code /metrics}, read from the store at most once per refresh
 * period (default 15 s, {@link ppacer.server.ServerConfig#metricsRefresh()}) rather than on every
 * scrape: two {@code countByStatus} queries (a GROUP BY over every run and every attempt) per period,
 * however many scrapers there are. Every status has a count, 0 when the store has no row in it (a
 * series that appears only once a row exists, such as SKIPPED attempts, would break rates and alerts
 * on it), once the store has been read.
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
    private final Supplier<Map<DagRunStatus, Long>> runs;
    private final Supplier<Map<TaskStatus, Long>> attempts;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Read last = NONE;

    /**
     * @param clock the scheduler's clock
     * @param refresh how long counts read are used
     * @param runs reads runs by status from the store
     * @param attempts reads attempts by status from the store
     */
    StoreCounts(InstantSource clock, Duration refresh, Supplier<Map<DagRunStatus, Long>> runs,
                Supplier<Map<TaskStatus, Long>> attempts) {
        this.clock = clock;
        this.refresh = refresh;
        this.runs = runs;
        this.attempts = attempts;
    }

    /** @return runs by status name, every status, read at most one refresh period ago (or empty before the first read) */
    Map<String, Long> runs() {
        return current().runs();
    }

    /**
     * @return attempts by status name, every status, read at most one refresh period ago (or empty before the
     *     first read)
     */
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
                r = new Read(now, byName(runs.get(), DagRunStatus.values()), byName(attempts.get(), TaskStatus.values()));
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

    /** Every status in declaration order, with its count or 0. */
    private static <E extends Enum<E>> Map<String, Long> byName(Map<E, Long> counts, E[] all) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (E e : all) {
            out.put(e.name(), counts.getOrDefault(e, 0L));
        }
        return Collections.unmodifiableMap(out);
    }
}
