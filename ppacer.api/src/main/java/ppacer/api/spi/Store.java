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

    /** @return deferred attempts (sensors waiting to be poked again) */
    DeferralStore deferrals();

    /**
     * Deletes finished runs (SUCCESS or FAILED) whose last update is before {@code cutoff}, with
     * their attempts, logs and restarts, in one transaction.
     *
     * @param cutoff runs updated before this instant go
     * @return how many rows went, per table
     */
    PurgeResult purgeFinishedRunsOlderThan(Instant cutoff);

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
