package ppacer.scheduler.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a batch trigger ({@code Scheduler.triggerBatch}): its parameters and, optionally, its
 * logical time. Instants are kept to the microsecond, as the stores keep them.
 *
 * @param paramsJson the run parameters, a JSON object text; null means {@code {}}
 * @param logicalTime the run's logical time; empty means the time of the call
 */
public record TriggerRequest(String paramsJson, Optional<Instant> logicalTime) {
    /** The most runs one batch trigger takes. */
    public static final int MAX_RUNS = 100_000;

    /** Defaults null parameters to {@code {}} and truncates the logical time to microseconds. */
    public TriggerRequest {
        paramsJson = paramsJson == null ? "{}" : paramsJson;
        logicalTime = Objects.requireNonNull(logicalTime, "logicalTime").map(t -> t.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * @param paramsJson the run parameters, a JSON object text; null means {@code {}}
     * @return a run at the time of the call
     */
    public static TriggerRequest of(String paramsJson) {
        return new TriggerRequest(paramsJson, Optional.empty());
    }

    /**
     * @param paramsJson the run parameters, a JSON object text; null means {@code {}}
     * @param logicalTime the run's logical time
     * @return a run at that logical time
     */
    public static TriggerRequest at(String paramsJson, Instant logicalTime) {
        return new TriggerRequest(paramsJson, Optional.of(Objects.requireNonNull(logicalTime, "logicalTime")));
    }
}
