package ppacer.api.spi;

import java.time.Instant;
import java.util.Optional;
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
 */
public record DagRunRecord(long runId, String dagId, Instant logicalTime, DagRunStatus status, String paramsJson,
                           ScheduleEventType trigger, int taskCount, int restarts, Instant createdAt,
                           Optional<Instant> startedAt, Optional<Instant> finishedAt, Instant updatedAt) {
}
