package ppacer.scheduler.model;

import java.util.Objects;

/**
 * Why an unfinished run makes no progress, in words a user can act on (see
 * {@code Scheduler.waitReasons}). The kinds are the reasons known so far; each names what to do.
 *
 * @param kind which reason
 * @param message the reason and what ends it, e.g. {@code hello_world is paused: the run waits until
 *     `ppacer unpause hello_world`}
 */
public record WaitReason(Kind kind, String message) {
    /** Validates. */
    public WaitReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** The reasons a run can wait for. */
    public enum Kind {
        /** The DAG is paused, so its queued run does not start. */
        DAG_PAUSED,
        /** Attempts are ready but no executor has been in touch with the scheduler for a while. */
        NO_EXECUTOR
    }
}
