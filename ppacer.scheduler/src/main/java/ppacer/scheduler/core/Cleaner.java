package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.Store;
import ppacer.scheduler.model.Actor;
import ppacer.scheduler.model.CleanReport;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.Purger;
import ppacer.scheduler.model.RetentionStats;

/**
 * Runs purgers ({@link Purger}) in small batches: one short transaction per batch, a pause between
 * two, and after each batch the space freed goes back to the file system where the store can
 * ({@link Store#reclaimSpace}). One clean at a time; what was deleted is logged and counted.
 *
 * <p>Concurrency: a flag admits one deleting clean at a time (a second is refused, the timer's
 * skipped); dry runs only count and run at any time. Counters are adders.
 */
public final class Cleaner {
    private static final System.Logger LOG = System.getLogger(Cleaner.class.getName());
    /**
     * Pages (4 KiB each by default) handed back after each batch, and per step of the final drain: a
     * short vacuum step (about 13 ms of the SQLite writer), in the order of what a batch frees.
     */
    static final int RECLAIM_PAGES = 512;

    private final List<Purger> purgers;
    private final int keepLastPerDag;
    private final int batchSize;
    private final Duration pause;
    private final InstantSource clock;
    private final AtomicBoolean cleaning = new AtomicBoolean();
    private final Map<String, LongAdder> deleted = new ConcurrentHashMap<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder cleans = new LongAdder();

    /**
     * @param purgers the configured purgers, run in this order by the timer
     * @param keepLastPerDag the latest runs of each DAG that always stay
     * @param batchSize the most runs (or items) per transaction
     * @param pause the sleep between two batches
     * @param clock the clock cutoffs are computed from
     */
    public Cleaner(List<Purger> purgers, int keepLastPerDag, int batchSize, Duration pause, InstantSource clock) {
        this.purgers = List.copyOf(purgers);
        this.keepLastPerDag = keepLastPerDag;
        this.batchSize = batchSize;
        this.pause = pause;
        this.clock = clock;
    }

    /**
     * The timer's clean: every configured purger with its own age; skipped while another clean runs.
     *
     * @param writes the leader's fenced store
     * @return what went, or empty when skipped
     * @throws InterruptedException when interrupted (the scheduler stops or steps down)
     */
    public Optional<CleanReport> cleanConfigured(Store writes) throws InterruptedException {
        if (!cleaning.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            return Optional.of(run(writes, purgers, Optional.empty(), "retention", Optional.empty()));
        } finally {
            cleaning.set(false);
        }
    }

    /**
     * A clean on demand: finished runs older than {@code olderThan} with all their data, except what is
     * always kept (unfinished runs, runs of active backfills, the latest {@code keepLastPerDag} runs of
     * each DAG).
     *
     * @param writes the leader's fenced store
     * @param olderThan the age
     * @param dagId only this DAG's runs, or all
     * @param dryRun true to count only
     * @return what went, or would go
     * @throws InterruptedException when interrupted
     * @throws InvalidStateException when another clean is deleting
     */
    public CleanReport clean(Store writes, Duration olderThan, Optional<String> dagId, boolean dryRun)
            throws InterruptedException {
        return clean(writes, olderThan, dagId, dryRun, Optional.empty());
    }

    /**
     * As {@link #clean(Store, Duration, Optional, boolean)}, with the operator's audit row (action
     * {@code db.clean}) written in the transaction of the first batch that deletes anything: a clean
     * that deletes something records exactly one row, a dry run or a clean that finds nothing none.
     *
     * @param writes the leader's fenced store
     * @param olderThan the age
     * @param dagId only this DAG's runs, or all
     * @param dryRun true to count only
     * @param by who cleans, if an operator
     * @return what went, or would go
     * @throws InterruptedException when interrupted
     * @throws InvalidStateException when another clean is deleting
     */
    public CleanReport clean(Store writes, Duration olderThan, Optional<String> dagId, boolean dryRun, Optional<Actor> by)
            throws InterruptedException {
        List<Purger> purgers = List.of(Purger.runs(olderThan));
        if (dryRun) {
            long start = System.nanoTime();
            Map<String, Long> rows = new TreeMap<>();
            for (Purger p : purgers) {
                p.count(writes, criteria(p, dagId)).forEach((k, v) -> rows.merge(k, v, Long::sum));
            }
            return new CleanReport(true, rows, 0, Duration.ofNanos(System.nanoTime() - start));
        }
        if (!cleaning.compareAndSet(false, true)) {
            throw new InvalidStateException("Cannot clean now: another clean is deleting; try again when it ends");
        }
        try {
            Optional<AuditEntry> audit = by.map(a -> a.entry(clock.instant(), "db.clean",
                    dagId.map(AuditTarget::dag).orElse(AuditTarget.none()), Optional.empty(),
                    Optional.of("finished runs older than " + olderThan + " deleted" + dagId.map(d -> " (DAG " + d + ")")
                            .orElse(" (every DAG)"))));
            return run(writes, purgers, dagId, "clean on demand", audit);
        } finally {
            cleaning.set(false);
        }
    }

    private PurgeCriteria criteria(Purger p, Optional<String> dagId) {
        Instant cutoff = clock.instant().minus(p.maxAge());
        return new PurgeCriteria(cutoff, dagId, keepLastPerDag, batchSize);
    }

    private CleanReport run(Store writes, List<Purger> purgers, Optional<String> dagId, String what,
                            Optional<AuditEntry> audit) throws InterruptedException {
        Optional<AuditEntry> pending = audit;
        long start = System.nanoTime();
        Map<String, Long> rows = new TreeMap<>();
        long n = 0;
        for (Purger p : purgers) {
            PurgeCriteria c = criteria(p, dagId);
            while (true) {
                Map<String, Long> batch = p.purgeBatch(writes, c, pending);
                long total = batch.values().stream().mapToLong(Long::longValue).sum();
                if (total == 0) {
                    break;
                }
                pending = Optional.empty(); // the batch that deleted carried the row
                n++;
                batches.increment();
                batch.forEach((k, v) -> {
                    rows.merge(k, v, Long::sum);
                    deleted.computeIfAbsent(k, x -> new LongAdder()).add(v);
                });
                writes.reclaimSpace(RECLAIM_PAGES);
                if (!pause.isZero()) {
                    Thread.sleep(pause);
                } else if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
        // what the batches freed beyond their steps goes back too, in steps with the same pause
        while (n > 0 && writes.reclaimSpace(RECLAIM_PAGES) >= RECLAIM_PAGES) {
            if (!pause.isZero()) {
                Thread.sleep(pause);
            }
        }
        cleans.increment();
        CleanReport report = new CleanReport(false, rows, n, Duration.ofNanos(System.nanoTime() - start));
        if (report.total() > 0) {
            LOG.log(Level.INFO, what + " removed " + report.rows() + " in " + n + " batches of at most "
                    + batchSize + " in " + report.elapsed().toMillis() + " ms");
        }
        return report;
    }

    /** @return what was deleted so far */
    public RetentionStats stats() {
        Map<String, Long> out = new TreeMap<>();
        deleted.forEach((k, v) -> out.put(k, v.sum()));
        return new RetentionStats(out, batches.sum(), cleans.sum());
    }
}
