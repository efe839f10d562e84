/**
 * The values and errors of the scheduler's Java API, shared by the facade
 * ({@link ppacer.scheduler.Scheduler}) and the core that produces them: a hand-out
 * ({@link ppacer.scheduler.model.TaskLease}), a task's outcome and the answer to its report
 * ({@link ppacer.scheduler.model.TaskOutcome}, {@link ppacer.scheduler.model.ReportResult}), work
 * counts, and the scheduler's exceptions under {@link ppacer.scheduler.model.SchedulerException}:
 * {@link ppacer.scheduler.model.UnknownIdException} (unknown DAG, run or task),
 * {@link ppacer.scheduler.model.InvalidStateException} (operation not allowed now),
 * {@link ppacer.scheduler.model.InvalidInputException} (malformed argument) and
 * {@link ppacer.scheduler.model.NotLeaderException} (a standby of a high-availability group).
 *
 * <p>This package imports nothing from the rest of the scheduler, so the core depends on it and
 * the facade on both, without a cycle.
 */
package ppacer.scheduler.model;
