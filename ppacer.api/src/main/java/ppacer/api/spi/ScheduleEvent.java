package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One schedule decision, kept as an audit log.
 *
 * @param dagId the DAG
 * @param type the decision
 * @param scheduledAt the schedule point it is about, if any
 * @param nextAt the next point computed, if any
 * @param createdAt when the decision was made
 */
public record ScheduleEvent(String dagId, ScheduleEventType type, Optional<Instant> scheduledAt,
                            Optional<Instant> nextAt, Instant createdAt) {
    /** Validates. */
    public ScheduleEvent {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(nextAt, "nextAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
