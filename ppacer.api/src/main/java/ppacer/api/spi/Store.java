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

    /**
     * Deletes finished runs (SUCCESS or FAILED) whose last update is before {@code cutoff}, with
     * their attempts, logs and restarts, in one transaction.
     *
     * @param cutoff runs updated before this instant go
     * @return how many rows went, per table
     */
    PurgeResult purgeFinishedRunsOlderThan(Instant cutoff);

    /** @return the provider name and the URL without password, for logs and errors */
    String describe();

    /** Closes the store; further calls fail with {@link StoreException}. */
    @Override
    void close();
}
