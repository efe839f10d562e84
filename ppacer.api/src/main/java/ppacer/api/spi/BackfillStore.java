package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import ppacer.api.DagRunStatus;

/** Backfills, and the tag {@code backfill_id} of the runs they create or rerun. */
public interface BackfillStore {
    /**
     * Inserts a backfill in state RUNNING.
     *
     * @param backfill the backfill
     * @return its id
     */
    default long insert(NewBackfill backfill) {
        return insert(backfill, Optional.empty());
    }

    /**
     * Inserts a backfill in state RUNNING, with the audit row in the same transaction (its target gets
     * the new backfill id).
     *
     * @param backfill the backfill
     * @param audit the operator action to record with the change, if any
     * @return its id
     */
    long insert(NewBackfill backfill, Optional<AuditEntry> audit);

    /**
     * @param id a backfill id
     * @return the backfill
     */
    Optional<BackfillRecord> find(long id);

    /**
     * @param dagId only this DAG's backfills, or every DAG's when empty
     * @param states only backfills in one of these states, or in any when empty
     * @return the backfills, newest (highest id) first
     */
    List<BackfillRecord> list(Optional<String> dagId, Set<BackfillState> states);

    /**
     * Compare-and-set state change: applies only when the backfill is still at {@code version}.
     *
     * @param id the backfill
     * @param version the expected version
     * @param to the new state
     * @param at the change time
     * @return true when applied
     */
    default boolean setState(long id, long version, BackfillState to, Instant at) {
        return setState(id, version, to, at, Optional.empty());
    }

    /**
     * As {@link #setState(long, long, BackfillState, Instant)}, with the audit row in the same
     * transaction when applied.
     *
     * @param id the backfill
     * @param version the expected version
     * @param to the new state
     * @param at the change time
     * @param audit the operator action to record with the change, if any
     * @return true when applied (false: nothing written)
     */
    boolean setState(long id, long version, BackfillState to, Instant at, Optional<AuditEntry> audit);

    /**
     * Processes the point at the cursor: in one transaction, applies {@code step}, moves the cursor to
     * {@code next}, adds one to the step's counter and increments the version. Nothing is written
     * when the backfill is no longer at {@code version} and RUNNING, or when a {@link BackfillStep.Rerun}'s
     * run is no longer in its expected status.
     *
     * @param id the backfill
     * @param version the expected version
     * @param step what to do at the cursor
     * @param next the new cursor; empty when the processed point was the last
     * @param at the change time
     * @return the run id created or rerun, 0 for a skip; empty when nothing was written
     * @throws DuplicateKeyException when a created run's DAG already has a run at its logical time (nothing written)
     */
    OptionalLong advance(long id, long version, BackfillStep step, Optional<Instant> next, Instant at);

    /**
     * @param id a backfill
     * @return how many runs tagged with it are in each status (statuses without runs are absent)
     */
    Map<DagRunStatus, Long> runCounts(long id);

    /**
     * @param runId a run
     * @return the backfill it is tagged with, empty when none (or the run is unknown)
     */
    OptionalLong backfillOf(long runId);

    /**
     * The schedule's position, which runs created by backfills do not move.
     *
     * @param dagId a DAG
     * @return the logical time of its latest run whose trigger is not {@link ScheduleEventType#BACKFILL}
     */
    Optional<Instant> latestOutsideBackfills(String dagId);
}
