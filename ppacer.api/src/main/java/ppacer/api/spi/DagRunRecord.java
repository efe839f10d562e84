package ppacer.api.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import ppacer.api.DagRunStatus;

/**
 * A stored DAG run.
 *
 * @param runId the run id, unique across DAGs
 * @param dagId the DAG
 * @param logicalTime the schedule point or trigger time
 * @param status current status
 * @param paramsJson run parameters (JSON object text)
 * @param trigger why the run exists
 * @param taskCount number of tasks
 * @param restarts how many times it was restarted
 * @param createdAt insert time
 * @param startedAt when it became RUNNING (first time)
 * @param finishedAt when it became SUCCESS or FAILED (last time)
 * @param updatedAt last status change
 * @param backfillId the backfill the run belongs to: the one that created it, or the latest that reran it
 * @param bundleHash the DAG bundle version the run started with (its content hash), empty for a DAG
 *     built into the image
 */
public record DagRunRecord(long runId, String dagId, Instant logicalTime, DagRunStatus status, String paramsJson,
                           ScheduleEventType trigger, int taskCount, int restarts, Instant createdAt,
                           Optional<Instant> startedAt, Optional<Instant> finishedAt, Instant updatedAt,
                           OptionalLong backfillId, Optional<String> bundleHash) {
    /**
     * A run that no backfill created or reran, of a DAG built into the image (no bundle).
     *
     * @param runId the run id, unique across DAGs
     * @param dagId the DAG
     * @param logicalTime the schedule point or trigger time
     * @param status current status
     * @param paramsJson run parameters (JSON object text)
     * @param trigger why the run exists
     * @param taskCount number of tasks
     * @param restarts how many times it was restarted
     * @param createdAt insert time
     * @param startedAt when it became RUNNING (first time)
     * @param finishedAt when it became SUCCESS or FAILED (last time)
     * @param updatedAt last status change
     */
    public DagRunRecord(long runId, String dagId, Instant logicalTime, DagRunStatus status, String paramsJson,
                        ScheduleEventType trigger, int taskCount, int restarts, Instant createdAt,
                        Optional<Instant> startedAt, Optional<Instant> finishedAt, Instant updatedAt) {
        this(runId, dagId, logicalTime, status, paramsJson, trigger, taskCount, restarts, createdAt, startedAt, finishedAt,
                updatedAt, OptionalLong.empty(), Optional.empty());
    }

    /** @return whether a backfill created or reran the run (its admission slot is a backfill's) */
    public boolean ofBackfill() {
        return backfillId.isPresent();
    }
}
