package ppacer.api.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.DagRunStatus;

/** DAG runs. */
public interface DagRunStore {
    /**
     * Inserts a run.
     *
     * @param run the run
     * @return the new run id
     * @throws DuplicateKeyException when the DAG already has a run at this logical time
     */
    default long insert(NewDagRun run) {
        return insert(run, Optional.empty());
    }

    /**
     * Inserts a run, with the audit row in the same transaction (its target gets the new run id).
     *
     * @param run the run
     * @param audit the operator action to record with the change, if any
     * @return the new run id
     * @throws DuplicateKeyException when the DAG already has a run at this logical time (nothing written)
     */
    long insert(NewDagRun run, Optional<AuditEntry> audit);

    /**
     * Inserts runs of a batch trigger, their schedule events and the audit row of the action, all in
     * ONE transaction, with the driver's statement batching (one round trip per many rows where the
     * driver can): either every row is written or none is. The audit row's target gets the first new
     * run id, and its after state the new ids' range {@code #FIRST..#LAST} appended (after a space).
     *
     * @param runs the runs, at most a few thousand (the caller splits bigger batches)
     * @param events schedule events to write with them (e.g. one MANUALLY_TRIGGERED per run)
     * @param audit the operator action to record with the change, if any
     * @return the new run ids, in the order of {@code runs}
     * @throws DuplicateKeyException when a DAG already has a run at one of the logical times, or two
     *     of {@code runs} share one (nothing written)
     */
    List<Long> insertAll(List<NewDagRun> runs, List<ScheduleEvent> events, Optional<AuditEntry> audit);

    /**
     * The logical times a DAG has runs at in a range, read in one query (a batch trigger moves its
     * runs off them, as a single trigger does with {@link #find(String, Instant)}).
     *
     * @param dagId the DAG
     * @param from the first instant (inclusive)
     * @param to the last instant (inclusive)
     * @return the logical times, earliest first
     */
    List<Instant> logicalTimes(String dagId, Instant from, Instant to);

    /**
     * Compare-and-set status change. Sets {@code startedAt} on the first move to RUNNING and
     * {@code finishedAt} on a move to a terminal status.
     *
     * @param runId the run
     * @param from the expected current status
     * @param to the new status
     * @param at the change time
     * @return true when applied; false when the run is unknown or not in {@code from}
     */
    boolean transition(long runId, DagRunStatus from, DagRunStatus to, Instant at);

    /**
     * Applies several status changes, each compare-and-set on its own (a refused one does not stop
     * the others), in list order (a later change of the same run sees an earlier one), in as few
     * commits as the store can; returns after they are durable. The default applies them one by one.
     *
     * @param transitions the changes
     * @return per transition, whether it applied
     */
    default List<Boolean> transitionAll(List<RunTransition> transitions) {
        List<Boolean> out = new ArrayList<>(transitions.size());
        for (RunTransition t : transitions) {
            out.add(transition(t.runId(), t.from(), t.to(), t.at()));
        }
        return List.copyOf(out);
    }

    /**
     * Restarts a FAILED run: FAILED → RUNNING, restart counter + 1, a restart row recorded, all in
     * one transaction.
     *
     * @param runId the run
     * @param at the restart time
     * @return true when applied; false when the run is unknown or not FAILED
     */
    default boolean restart(long runId, Instant at) {
        return restart(runId, at, Optional.empty());
    }

    /**
     * As {@link #restart(long, Instant)}, with the audit row in the same transaction when applied.
     *
     * @param runId the run
     * @param at the restart time
     * @param audit the operator action to record with the change, if any
     * @return true when applied; false when the run is unknown or not FAILED (no audit row)
     */
    boolean restart(long runId, Instant at, Optional<AuditEntry> audit);

    /**
     * @param runId a run id
     * @return the run
     */
    Optional<DagRunRecord> find(long runId);

    /**
     * @param dagId the DAG
     * @param logicalTime the logical time
     * @return the run
     */
    Optional<DagRunRecord> find(String dagId, Instant logicalTime);

    /**
     * @param dagId the DAG
     * @return its run with the latest logical time
     */
    Optional<DagRunRecord> latest(String dagId);

    /** @return runs not SUCCESS nor FAILED, oldest run id first */
    List<DagRunRecord> unfinished();

    /**
     * A page of recent runs with progress, newest run id first.
     *
     * @param dagId only this DAG's runs, or every DAG's when empty
     * @param beforeRunId only runs with a smaller id (for paging), or from the newest when empty
     * @param limit page size
     * @return the page
     */
    List<DagRunSummary> recent(Optional<String> dagId, Optional<Long> beforeRunId, int limit);

    /** @return the number of runs per status (statuses without runs are absent) */
    Map<DagRunStatus, Long> countByStatus();
}
