package ppacer.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskContext;

/**
 * A {@link Sensor} condition: another DAG's run for this run's logical time (minus {@code delta})
 * reached SUCCESS. Asked of the scheduler at each poke ({@link TaskContext#dagRunStatus}), in process
 * or over HTTP. A missing, queued, running or failed run means "not yet" (a failed run may be
 * restarted); the sensor's timeout bounds the wait.
 *
 * @param dagId the DAG waited for
 * @param delta how much earlier than this run's logical time its run is ({@link Duration#ZERO}: the same time)
 */
public record ExternalRunSucceeded(String dagId, Duration delta) implements Sensor.Condition {
    /** Validates. */
    public ExternalRunSucceeded {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(delta, "delta");
        if (delta.isNegative()) {
            throw new IllegalArgumentException("ExternalRunSucceeded: the delta must not be negative (a run of '" + dagId
                    + "' later than this one), was " + delta);
        }
    }

    /**
     * @param dagId the DAG waited for
     * @return a condition on its run at the same logical time
     */
    public static ExternalRunSucceeded sameLogicalTime(String dagId) {
        return new ExternalRunSucceeded(dagId, Duration.ZERO);
    }

    @Override
    public Optional<String> check(TaskContext context) {
        Instant at = context.logicalTime().minus(delta);
        Optional<DagRunStatus> status = context.dagRunStatus(dagId, at);
        if (status.filter(s -> s == DagRunStatus.SUCCESS).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("run of '" + dagId + "' at " + at + (status.isEmpty() ? " does not exist yet" : " is "
                + status.get()));
    }

    @Override
    public String definition() {
        return Definition.of(ExternalRunSucceeded.class).add("dagId", dagId).add("delta", delta.toString()).toString();
    }
}
