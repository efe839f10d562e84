/**
 * The embeddable scheduler: {@link ppacer.scheduler.Scheduler} (start with a
 * {@link ppacer.scheduler.SchedulerConfig}), the executor-facing calls
 * ({@link ppacer.scheduler.Scheduler#nextTask}, {@link ppacer.scheduler.Scheduler#report},
 * {@link ppacer.scheduler.Scheduler#heartbeat}) with {@link ppacer.scheduler.model.TaskLease} and
 * {@link ppacer.scheduler.model.ReportResult}, operator actions (trigger, restart, clear, mark, pause), and
 * {@link ppacer.server.InProcessWorker}, which runs tasks in the same JVM.
 *
 * <p>Errors: {@link ppacer.scheduler.model.UnknownIdException} (unknown DAG, run or task),
 * {@link ppacer.scheduler.model.InvalidStateException} (operation not allowed now) and
 * {@link ppacer.scheduler.model.InvalidInputException} (malformed argument), all under
 * {@link ppacer.scheduler.model.SchedulerException}.
 */
package ppacer.scheduler;
