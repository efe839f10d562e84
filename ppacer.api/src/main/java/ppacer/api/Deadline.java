package ppacer.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a run (or one task of it) must be finished: by its logical time plus a duration, or within a
 * duration of its start (the run's start for {@link Dag.Builder#deadline}, the task's first hand-out
 * to an executor for {@link TaskConfig.Builder#deadline}). A
 * missed deadline alerts the notifiers once, with why the run or task is not done yet, and flags
 * the run; nothing is stopped.
 *
 * @param anchor what the duration counts from
 * @param within the duration, positive
 */
public record Deadline(Anchor anchor, Duration within) {
    /** What a deadline counts from. */
    public enum Anchor {
        /** The run's logical time (the schedule point it is for). */
        LOGICAL_TIME,
        /** The moment the run started (left QUEUED), or for a task the hand-out of its first attempt. */
        START
    }

    /** Validates. */
    public Deadline {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(within, "within");
        if (within.isNegative() || within.isZero()) {
            throw new DagDefinitionException("A deadline's duration must be positive, was " + within);
        }
    }

    /**
     * @param within the duration after the run's logical time
     * @return "must finish by logical time + {@code within}"
     */
    public static Deadline afterLogicalTime(Duration within) {
        return new Deadline(Anchor.LOGICAL_TIME, within);
    }

    /**
     * @param within the duration after the start (of the run, or of the task)
     * @return "must finish within {@code within} of its start"
     */
    public static Deadline afterStart(Duration within) {
        return new Deadline(Anchor.START, within);
    }

    /**
     * @param logicalTime the run's logical time
     * @param startedAt when the run (or task) started
     * @return when it is due
     */
    public Instant dueAt(Instant logicalTime, Instant startedAt) {
        return (anchor == Anchor.LOGICAL_TIME ? logicalTime : startedAt).plus(within);
    }

    @Override
    public String toString() {
        return (anchor == Anchor.LOGICAL_TIME ? "logical time + " : "start + ") + within;
    }
}
