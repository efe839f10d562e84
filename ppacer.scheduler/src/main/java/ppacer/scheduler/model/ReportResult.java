package ppacer.scheduler.model;

import java.time.Instant;
import java.util.Optional;

/**
 * The answer to a report or heartbeat. Anything but {@link Status#ACCEPTED} changed nothing.
 *
 * @param status accepted, or why not
 * @param message a human explanation naming the attempt
 * @param leaseDeadline the lease deadline after an accepted heartbeat
 */
public record ReportResult(Status status, String message, Optional<Instant> leaseDeadline) {

    /** Why a report was accepted or refused. */
    public enum Status {
        /** Applied. */
        ACCEPTED,
        /** The token is not the one handed out with this attempt. */
        WRONG_TOKEN,
        /** The attempt is no longer running: already reported (duplicate), expired, cancelled or marked. */
        NOT_RUNNING,
        /** The token is right but the attempt was handed out to another executor. */
        WRONG_EXECUTOR,
        /** A newer attempt of the task exists. */
        SUPERSEDED,
        /** No such run, task or attempt. */
        UNKNOWN_ATTEMPT,
        /** The scheduler is stopped. */
        STOPPED,
        /** This scheduler is not the leader (STANDBY); report to the leader. */
        NOT_LEADER
    }

    /**
     * @param message what was applied
     * @return an accepted result
     */
    public static ReportResult accepted(String message) {
        return new ReportResult(Status.ACCEPTED, message, Optional.empty());
    }

    /**
     * @param status why it was refused
     * @param message explanation
     * @return a refused result
     */
    public static ReportResult refused(Status status, String message) {
        return new ReportResult(status, message, Optional.empty());
    }

    /**
     * @return true when the report is refused because the attempt is no longer the reporter's to
     *         change (a wrong token or executor, not running, superseded): sending it again changes
     *         nothing, the report is dropped
     */
    public boolean conflict() {
        return switch (status) {
            case WRONG_TOKEN, NOT_RUNNING, WRONG_EXECUTOR, SUPERSEDED -> true;
            case ACCEPTED, UNKNOWN_ATTEMPT, STOPPED, NOT_LEADER -> false;
        };
    }

    /**
     * @return true when the scheduler could not take the report now (stopped, or not the leader):
     *         it may be sent again later, or to the leader
     */
    public boolean retryable() {
        return status == Status.STOPPED || status == Status.NOT_LEADER;
    }

    /** @return true when applied */
    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
