package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import ppacer.api.DagRunStatus;

/**
 * A compare-and-set status change of one run: it applies only when the run is in {@code from}.
 * Effects are those of {@link DagRunStore#transition}.
 *
 * @param runId the run
 * @param from the expected status
 * @param to the new status
 * @param at the change time
 */
public record RunTransition(long runId, DagRunStatus from, DagRunStatus to, Instant at) {
    /** Validates. */
    public RunTransition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
    }
}
