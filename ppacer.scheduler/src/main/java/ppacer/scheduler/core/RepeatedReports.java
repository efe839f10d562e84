package ppacer.scheduler.core;

import java.util.Optional;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.ReportResult.Status;
import ppacer.scheduler.model.TaskOutcome;

/**
 * Reports are idempotent by attempt, token and outcome: an executor whose request timed out sends
 * its report again, and the copy that arrives after the first one was recorded must be acknowledged
 * (else the executor drops a report that was in fact applied, or, worse, the first copy failed and
 * the task runs again). A report of another outcome than the one recorded is a conflict and is
 * refused.
 *
 * <p>Called only when the in-memory state refused a report because the attempt is no longer running
 * (or its run is no longer active): the store's row of the attempt decides. Its token stays on the
 * row after the attempt finished.
 */
final class RepeatedReports {
    private RepeatedReports() {
    }

    /**
     * @param store the store
     * @param key the attempt reported
     * @param token the token the report carries
     * @param outcome what the report says
     * @param refusal the in-memory refusal, or null when the run is not active in memory
     * @return accepted when the same outcome is already recorded with this token; a conflict (with
     *     the refusal's status) when another outcome is; otherwise the refusal (or, without one, what
     *     the store says)
     */
    static ReportResult judge(Store store, AttemptKey key, String token, TaskOutcome outcome, ReportResult refusal) {
        if (refusal != null && refusal.status() != Status.NOT_RUNNING && refusal.status() != Status.SUPERSEDED) {
            return refusal;
        }
        Optional<TaskAttemptRecord> found = store.attempts().find(key);
        if (found.isEmpty()) {
            return ReportResult.refused(Status.UNKNOWN_ATTEMPT, "no " + key + " in the store");
        }
        TaskAttemptRecord rec = found.get();
        boolean sameToken = token != null && rec.token().filter(token::equals).isPresent();
        if (sameToken && rec.status().isFinished()) {
            String reported = switch (outcome) {
                case TaskOutcome.Success s -> "SUCCESS";
                case TaskOutcome.Failed f -> "failed";
                case TaskOutcome.Skipped k -> "SKIPPED";
                case TaskOutcome.Deferred d -> "DEFERRED";
            };
            if (recordedAs(rec.status(), outcome)) {
                return ReportResult.accepted(key + " is already recorded as " + rec.status() + " (repeated report of "
                        + reported + ")");
            }
            return ReportResult.refused(refusal == null ? Status.NOT_RUNNING : refusal.status(),
                    key + " is already recorded as " + rec.status()
                    + "; a report of " + reported + " conflicts with it");
        }
        if (sameToken && rec.status() == TaskStatus.DEFERRED && outcome instanceof TaskOutcome.Deferred) {
            return ReportResult.accepted(key + " is already recorded as DEFERRED (repeated report)");
        }
        if (refusal != null) {
            return refusal;
        }
        return ReportResult.refused(Status.NOT_RUNNING, key + " is " + rec.status() + " and its run is not active");
    }

    private static boolean recordedAs(TaskStatus status, TaskOutcome outcome) {
        return switch (outcome) {
            case TaskOutcome.Success s -> status == TaskStatus.SUCCESS;
            case TaskOutcome.Failed f -> status == TaskStatus.FAILED || status == TaskStatus.FAILED_PENDING_RETRY;
            case TaskOutcome.Skipped k -> status == TaskStatus.SKIPPED;
            case TaskOutcome.Deferred d -> false; // a deferred attempt is not finished
        };
    }
}
