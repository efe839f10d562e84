package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** DAGs and their versioned tasks. */
public interface DagStore {
    /**
     * Synchronises the registry into the store in one transaction: inserts new DAGs (version 1),
     * stores a new task version when a fingerprint changed (older versions are kept), updates
     * changed metadata, marks DAGs missing from {@code dags} inactive and reactivates returning ones.
     * The paused flag is never changed by a sync.
     *
     * @param dags every DAG of the registry
     * @param now the sync time
     * @return what changed
     */
    SyncResult sync(List<DagDefinition> dags, Instant now);

    /**
     * @param dagId a DAG id
     * @return the DAG, active or not
     */
    Optional<DagRecord> find(String dagId);

    /** @return every DAG, ordered by id */
    List<DagRecord> list();

    /**
     * @param dagId a DAG id
     * @return the tasks of the current version, in the stored (topological) order; empty when unknown
     */
    List<DagTaskRecord> currentTasks(String dagId);

    /**
     * @param dagId a DAG id
     * @param version a version
     * @return the tasks of that version
     */
    List<DagTaskRecord> tasks(String dagId, int version);

    /**
     * Sets the paused flag.
     *
     * @param dagId the DAG
     * @param paused the new value
     * @param now the change time
     * @return false when the DAG is unknown
     */
    default boolean setPaused(String dagId, boolean paused, Instant now) {
        return setPaused(dagId, paused, now, Optional.empty());
    }

    /**
     * Sets the paused flag of a DAG; the audit row is written in the same transaction, and only when
     * the flag changed (pausing a paused DAG records nothing).
     *
     * @param dagId the DAG
     * @param paused the new flag
     * @param now the update time
     * @param audit the operator action to record with the change, if any
     * @return false when the DAG is unknown
     */
    boolean setPaused(String dagId, boolean paused, Instant now, Optional<AuditEntry> audit);
}
