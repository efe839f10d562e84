package ppacer.scheduler.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import ppacer.api.TaskOutput;
import ppacer.api.spi.AttemptKey;

/**
 * A task attempt handed out to an executor. The executor must report it (or heartbeat) with the
 * token before the lease deadline, else the attempt counts as lost and is retried per its config.
 *
 * @param dagId the DAG
 * @param runId the run
 * @param taskId the task
 * @param attempt the attempt number, 0 for the first
 * @param logicalTime the run's logical time
 * @param paramsJson the run parameters, a JSON object text
 * @param token the secret that identifies this hand-out in reports and heartbeats
 * @param leaseDeadline when the lease ends unless a heartbeat extends it: hand-out time + the
 *     scheduler's lease duration
 * @param timeout the task's timeout, which the executor enforces
 * @param readyAt when the attempt became ready to run (its parents done, or its retry delay over)
 * @param handedOutAt when it was handed out; {@code handedOutAt - readyAt} is the scheduling hop latency
 * @param inputs the outputs of the task's direct parents that stored one, by parent id
 * @param item the item of an instance of a mapped task ({@code taskId} is then e.g. {@code load[3]}); empty
 *     for any other task
 * @param traceparent the attempt span's W3C trace context, empty when not traced
 * @param bundleHash the DAG bundle version the run started with (the executor runs the task from it), empty for
 *     a DAG of the image
 * @param triggeringEvents the asset events that started the run (a run of a DAG scheduled on assets),
 *     oldest first; empty otherwise
 */
public record TaskLease(String dagId, long runId, String taskId, int attempt, Instant logicalTime, String paramsJson,
                        String token, Instant leaseDeadline, Duration timeout,
                        Instant readyAt, Instant handedOutAt, Map<String, TaskOutput> inputs, Optional<MapItem> item,
                        String traceparent, Optional<String> bundleHash,
                        java.util.List<ppacer.api.AssetEvent> triggeringEvents) {
    /** Copies the inputs. */
    public TaskLease {
        inputs = Map.copyOf(inputs);
        triggeringEvents = java.util.List.copyOf(triggeringEvents);
        java.util.Objects.requireNonNull(item, "item");
        java.util.Objects.requireNonNull(traceparent, "traceparent");
        java.util.Objects.requireNonNull(bundleHash, "bundleHash");
    }

    /**
     * A lease of a task of a DAG of the image, in a run not started by asset events.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @param logicalTime the run's logical time
     * @param paramsJson the run parameters
     * @param token the attempt token
     * @param leaseDeadline when the lease ends
     * @param timeout the task's timeout
     * @param readyAt when the attempt became ready
     * @param handedOutAt when it was handed out
     * @param inputs the parents' outputs
     * @param item the item of an instance of a mapped task, or empty
     * @param traceparent the attempt span's W3C trace context, empty when not traced
     */
    public TaskLease(String dagId, long runId, String taskId, int attempt, Instant logicalTime, String paramsJson,
                     String token, Instant leaseDeadline, Duration timeout, Instant readyAt, Instant handedOutAt,
                     Map<String, TaskOutput> inputs, Optional<MapItem> item, String traceparent) {
        this(dagId, runId, taskId, attempt, logicalTime, paramsJson, token, leaseDeadline, timeout, readyAt, handedOutAt,
                inputs, item, traceparent, Optional.empty(), java.util.List.of());
    }

    /**
     * A lease without a trace context.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @param logicalTime the run's logical time
     * @param paramsJson the run parameters
     * @param token the attempt token
     * @param leaseDeadline when the lease ends
     * @param timeout the task's timeout
     * @param readyAt when the attempt became ready
     * @param handedOutAt when it was handed out
     * @param inputs the parents' outputs
     * @param item the item of an instance of a mapped task, or empty
     */
    public TaskLease(String dagId, long runId, String taskId, int attempt, Instant logicalTime, String paramsJson,
                     String token, Instant leaseDeadline, Duration timeout, Instant readyAt, Instant handedOutAt,
                     Map<String, TaskOutput> inputs, Optional<MapItem> item) {
        this(dagId, runId, taskId, attempt, logicalTime, paramsJson, token, leaseDeadline, timeout, readyAt, handedOutAt,
                inputs, item, "");
    }

    /**
     * A lease of a task that is not mapped.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @param logicalTime the run's logical time
     * @param paramsJson the run parameters
     * @param token the attempt token
     * @param leaseDeadline when the lease ends
     * @param timeout the task's timeout
     * @param readyAt when the attempt became ready
     * @param handedOutAt when it was handed out
     * @param inputs the parents' outputs
     */
    public TaskLease(String dagId, long runId, String taskId, int attempt, Instant logicalTime, String paramsJson,
                     String token, Instant leaseDeadline, Duration timeout, Instant readyAt, Instant handedOutAt,
                     Map<String, TaskOutput> inputs) {
        this(dagId, runId, taskId, attempt, logicalTime, paramsJson, token, leaseDeadline, timeout, readyAt, handedOutAt,
                inputs, Optional.empty());
    }

    /**
     * A lease without inputs.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @param logicalTime the run's logical time
     * @param paramsJson the run parameters
     * @param token the attempt token
     * @param leaseDeadline when the lease ends
     * @param timeout the task's timeout
     * @param readyAt when the attempt became ready
     * @param handedOutAt when it was handed out
     */
    public TaskLease(String dagId, long runId, String taskId, int attempt, Instant logicalTime, String paramsJson,
                     String token, Instant leaseDeadline, Duration timeout, Instant readyAt, Instant handedOutAt) {
        this(dagId, runId, taskId, attempt, logicalTime, paramsJson, token, leaseDeadline, timeout, readyAt, handedOutAt,
                Map.of());
    }

    /** @return the attempt key */
    public AttemptKey key() {
        return new AttemptKey(runId, taskId, attempt);
    }

    @Override
    public String toString() {
        // never shows the token
        return "TaskLease[" + dagId + ", " + key() + ", lease until " + leaseDeadline + "]";
    }
}
