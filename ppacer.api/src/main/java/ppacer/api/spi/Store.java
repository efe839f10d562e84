package ppacer.api.spi;

import java.time.Instant;

/**
 * An open store, grouped per table. Thread-safe. Close it to release connections and files.
 */
public interface Store extends AutoCloseable {
    /** @return DAGs and their versioned tasks */
    DagStore dags();

    /** @return DAG runs */
    DagRunStore dagRuns();

    /** @return task attempts, one row per attempt */
    TaskAttemptStore attempts();

    /** @return the schedule-event audit log */
    ScheduleEventStore scheduleEvents();

    /** @return task logs */
    TaskLogStore taskLogs();

    /** @return the missed deadlines (their alerts' once-only claims) */
    DeadlineStore deadlines();

    /** @return backfills and the tag of their runs */
    BackfillStore backfills();

    /** @return pool sizes */
    PoolStore pools();

    /** @return the API keys (hashed) with their roles */
    ApiKeyStore apiKeys();
    /** @return the audit log of operator actions */
    AuditStore audit();
    /** @return the deployed versions of DAG bundles */
    BundleStore bundles();
    /** @return deferred attempts (sensors waiting to be poked again) */
    DeferralStore deferrals();
    /** @return asset events and their consumption by DAGs scheduled on assets */
    AssetStore assets();

    /**
     * Deletes one batch of runs: at most {@code criteria.batchSize()} finished runs that the criteria
     * take (oldest update first), with everything that has their run id (attempts, restarts, task
     * logs, outputs, task expansions, deadline alerts), plus at most as many schedule events created
     * before {@code criteria.olderThan()} (of the DAG when one is given), the latest of each DAG
     * excepted. One short transaction; call again until it deletes nothing.
     *
     * @param criteria which runs, and the batch size
     * @return how many rows went, per table
     */
    default PurgeResult purgeRuns(PurgeCriteria criteria) {
        return purgeRuns(criteria, java.util.Optional.empty());
    }

    /**
     * As {@link #purgeRuns(PurgeCriteria)}, with the audit row of an operator's clean written in the
     * batch's transaction when the batch deletes anything (a batch that deletes nothing writes none).
     *
     * @param criteria which runs, and the batch size
     * @param audit the operator action, if any
     * @return how many rows went, per table
     */
    PurgeResult purgeRuns(PurgeCriteria criteria, java.util.Optional<AuditEntry> audit);

    /**
     * What repeated {@link #purgeRuns} calls with these criteria would delete now, without deleting
     * (a dry run; the batch size is ignored).
     *
     * @param criteria which runs
     * @return the rows that would go, per table
     */
    PurgeResult countPurgeableRuns(PurgeCriteria criteria);

    /**
     * Deletes the task logs of one batch of runs: at most {@code criteria.batchSize()} runs that the
     * criteria take and that still have logs; the runs and their attempts stay. One short transaction.
     *
     * @param criteria which runs, and the batch size
     * @return the log records deleted
     */
    long purgeLogs(PurgeCriteria criteria);

    /**
     * What repeated {@link #purgeLogs} calls would delete now, without deleting.
     *
     * @param criteria which runs
     * @return the log records that would go
     */
    long countPurgeableLogs(PurgeCriteria criteria);

    /**
     * Gives space freed by deletions back to the file system where the store can (SQLite with
     * {@code auto_vacuum=INCREMENTAL}: {@code PRAGMA incremental_vacuum}); other stores do nothing
     * (PostgreSQL and MySQL reuse or reclaim the space themselves).
     *
     * @param maxPages the most pages to free in this call
     * @return the pages freed
     */
    default long reclaimSpace(int maxPages) {
        return 0;
    }

    /**
     * Deletes every finished run (SUCCESS or FAILED) whose last update is before {@code cutoff}, with
     * its attempts, logs and the rest, through batches of {@link #purgeRuns} (none is kept per DAG).
     *
     * @param cutoff runs updated before this instant go
     * @return how many rows went, per table
     */
    default PurgeResult purgeFinishedRunsOlderThan(Instant cutoff) {
        PurgeCriteria criteria = new PurgeCriteria(cutoff, java.util.Optional.empty(), 0, 500);
        PurgeResult total = PurgeResult.NONE;
        PurgeResult batch;
        do {
            batch = purgeRuns(criteria);
            total = total.plus(batch);
        } while (batch.runs() > 0 || batch.scheduleEvents() > 0);
        return total;
    }

    /**
     * The scheduler leader lease of this store.
     *
     * @return the lease; shared by every process on a PostgreSQL/MySQL store, process-local on SQLite
     */
    LeaderLease leadership();

    /**
     * A view of this store whose writes (DAGs, runs, attempts, schedule events, task logs, pools,
     * purges) succeed only while {@code epoch} is the epoch of the current leader lease; the check
     * is made in the write's own transaction, so a deposed leader can never overwrite state after a
     * takeover. Reads are not fenced. Closing the view does nothing: close this store.
     *
     * <p>The default returns this store unchanged: stores that serve a single scheduler process
     * (SQLite) need no fencing.
     *
     * @param epoch the epoch of the caller's lease
     * @return the fenced view; its writes throw {@link StaleEpochException} once the epoch is stale
     */
    default Store fenced(long epoch) {
        return this;
    }

    /**
     * Whether this store accepts writes, for a scheduler's readiness. While the latest write
     * succeeded (or none has failed yet) this does no I/O. After a write failed for a reason of the
     * store (full disk, I/O error, damaged file, unreachable database; not a duplicate key, a lost
     * compare-and-set or a stale epoch, which are the caller's), it answers {@link WriteHealth.Failing}
     * until a write succeeds again; to notice that without waiting for other writes it makes one small
     * real write (a probe, bounded by the store's timeout) per call, at most one at a time.
     * {@link WriteHealthMonitor} implements this bookkeeping.
     *
     * @return {@link WriteHealth#ACCEPTING} or {@link WriteHealth.Failing} with the latest store error
     */
    WriteHealth writeHealth();

    /** @return the provider name and the URL without password, for logs and errors */
    String describe();

    /** Closes the store; further calls fail with {@link StoreException}. */
    @Override
    void close();
}
