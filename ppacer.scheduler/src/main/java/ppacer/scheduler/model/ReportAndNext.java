package ppacer.scheduler.model;

import java.util.Optional;

/**
 * The answer to {@link ppacer.scheduler.Scheduler#reportAndNext}.
 *
 * @param report what happened to the report
 * @param next the next attempt for the executor, if one came within the timeout
 */
public record ReportAndNext(ReportResult report, Optional<TaskLease> next) {
}
