/**
 * The scheduler's machinery (not exported): {@link ppacer.scheduler.core.DagRunWatcher} (runs from
 * schedules), {@link ppacer.scheduler.core.RunAdmission} (max active runs),
 * {@link ppacer.scheduler.core.TaskQueue} (ordering, fairness, limits, delayed retries),
 * {@link ppacer.scheduler.core.RunState} and {@link ppacer.scheduler.core.RunCoordinator} (event-driven
 * task scheduling), {@link ppacer.scheduler.core.AttemptLifecycle} and
 * {@link ppacer.scheduler.core.DueTimer} (attempt leases and deadlines on one kind of timer),
 * {@link ppacer.scheduler.core.RetryPolicy}, {@link ppacer.scheduler.core.Recovery},
 * {@link ppacer.scheduler.core.OperatorActions}, {@link ppacer.scheduler.core.NotificationDispatcher},
 * {@link ppacer.scheduler.core.Explainer} (why a task, run or DAG waits) over {@link ppacer.scheduler.core.ExecutorContact},
 * and the loop primitives {@link ppacer.scheduler.core.Waiter} and {@link ppacer.scheduler.core.RunLoop}.
 */
package ppacer.scheduler.core;
