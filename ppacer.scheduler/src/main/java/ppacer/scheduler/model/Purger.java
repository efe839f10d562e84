package ppacer.scheduler.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.Store;

/**
 * One kind of data that retention deletes when it is older than its own age, in batches: runs
 * (with everything of theirs), task logs of finished runs, or another kind added by a feature
 * (e.g. an audit log with a longer age), through {@code ppacer.scheduler.RetentionConfig.Builder.purger(Purger)}.
 *
 * <p>A purger must delete at most {@code criteria.batchSize()} items per call in one short
 * transaction, and never what the criteria protect when they apply to its data (unfinished runs,
 * runs of active backfills, the latest runs of each DAG).
 */
public interface Purger {
    /** @return the kind, for logs and metrics ({@code runs}, {@code logs}, ...) */
    String kind();

    /** @return how old its data must be to go */
    Duration maxAge();

    /**
     * Deletes one batch.
     *
     * @param store the leader's (fenced) store
     * @param criteria the cutoff, DAG filter, kept runs and batch size
     * @return rows deleted per table (all zero when nothing was left)
     */
    Map<String, Long> purgeBatch(Store store, PurgeCriteria criteria);

    /**
     * Deletes one batch, with the audit row of an operator's clean in the batch's transaction when it
     * deletes anything. Only purgers whose store writes take an audit row support one; the others
     * refuse an entry rather than drop it.
     *
     * @param store the leader's (fenced) store
     * @param criteria the cutoff, DAG filter, kept runs and batch size
     * @param audit the operator action, if any
     * @return rows deleted per table (all zero when nothing was left)
     * @throws IllegalArgumentException when an entry is given to a purger that cannot record it
     */
    default Map<String, Long> purgeBatch(Store store, PurgeCriteria criteria, Optional<AuditEntry> audit) {
        if (audit.isPresent()) {
            throw new IllegalArgumentException("The " + kind() + " purger cannot record an audit row");
        }
        return purgeBatch(store, criteria);
    }

    /**
     * Counts what repeated batches would delete now (a dry run).
     *
     * @param store the store
     * @param criteria the cutoff, DAG filter and kept runs
     * @return rows per table
     */
    Map<String, Long> count(Store store, PurgeCriteria criteria);

    /**
     * @param maxAge finished runs older than this go, with their attempts, restarts, logs, outputs,
     *     expansions and deadline alerts, and schedule events older than this
     * @return the purger of runs
     */
    static Purger runs(Duration maxAge) {
        return new RunPurger(maxAge);
    }

    /**
     * @param maxAge the task logs of finished runs older than this go; the runs stay
     * @return the purger of task logs
     */
    static Purger logs(Duration maxAge) {
        return new LogPurger(maxAge);
    }
}
