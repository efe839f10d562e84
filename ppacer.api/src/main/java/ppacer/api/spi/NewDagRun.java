package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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
 * @param bundleHash the DAG bundle version the run starts with (its content hash), empty for a DAG
 *     built into the image
 */
public record NewDagRun(String dagId, Instant logicalTime, DagRunStatus status, String paramsJson,
                        ScheduleEventType trigger, int taskCount, Instant createdAt, Optional<String> bundleHash) {
    /** Validates. */
    public NewDagRun {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(logicalTime, "logicalTime");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paramsJson, "paramsJson");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(bundleHash, "bundleHash");
    }

    /**
     * A run of a DAG built into the image (no bundle).
     *
     * @param dagId the DAG
     * @param logicalTime the schedule point (or trigger time); unique per DAG
     * @param status the initial status
     * @param paramsJson run parameters as a JSON object text
     * @param trigger why the run exists
     * @param taskCount how many tasks the DAG version has, for progress
     * @param createdAt insert time
     */
    public NewDagRun(String dagId, Instant logicalTime, DagRunStatus status, String paramsJson, ScheduleEventType trigger,
                     int taskCount, Instant createdAt) {
        this(dagId, logicalTime, status, paramsJson, trigger, taskCount, createdAt, Optional.empty());
    }
}
