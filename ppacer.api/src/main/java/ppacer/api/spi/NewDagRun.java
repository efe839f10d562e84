package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import ppacer.api.DagRunStatus;

/**
 * A DAG run to insert.
 *
 * @param dagId the DAG
 * @param logicalTime the schedule point (or trigger time); unique per DAG
 * @param status the initial status
 * @param paramsJson run parameters as a JSON object text
 * @param trigger why the run exists
 * @param taskCount how many tasks the DAG version has, for progress
 * @param createdAt insert time
 */
public record NewDagRun(String dagId, Instant logicalTime, DagRunStatus status, String paramsJson,
                        ScheduleEventType trigger, int taskCount, Instant createdAt) {
    /** Validates. */
    public NewDagRun {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(logicalTime, "logicalTime");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paramsJson, "paramsJson");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
