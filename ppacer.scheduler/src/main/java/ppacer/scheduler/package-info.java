/**
 * The embeddable scheduler: {@link ppacer.scheduler.Scheduler} (start with a
 * {@link ppacer.scheduler.SchedulerConfig}), the executor-facing calls
 * ({@link ppacer.scheduler.Scheduler#nextTask}, {@link ppacer.scheduler.Scheduler#report},
 * {@link ppacer.scheduler.Scheduler#heartbeat}) with {@link ppacer.scheduler.TaskLease} and
 * {@link ppacer.scheduler.ReportResult}, operator actions (trigger, restart, clear, mark, pause), and
 * {@link ppacer.scheduler.InProcessWorker}, which runs tasks in the same JVM.
 *
 * <p>Errors: {@link ppacer.scheduler.UnknownIdException} (unknown DAG, run or task),
 * {@link ppacer.scheduler.InvalidStateException} (operation not allowed now) and
 * {@link ppacer.scheduler.InvalidInputException} (malformed argument), all under
 * {@link ppacer.scheduler.SchedulerException}.
 */
package ppacer.scheduler;
