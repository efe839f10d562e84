package ppacer.scheduler;

import ppacer.scheduler.model.DurationHistogram;
import ppacer.scheduler.model.WorkCounts;

/**
 * A snapshot of the scheduler's counters.
 *
 * @param state the life-cycle state
 * @param watcherWakeUps how often the DAG-run watcher woke up
 * @param leaseMonitorWakeUps how often the lease monitor woke up
 * @param queuedTasks attempts in the task queue (ready or waiting for a retry delay)
 * @param runningTasks attempts handed out and not yet finished
 * @param activeRuns runs being executed
 * @param queuedRuns runs waiting for a slot (max active runs) or an unpause
 * @param alertsSent alerts delivered
 * @param alertsDropped alerts dropped because the notification queue was full
 * @param work what the core has done (hand-outs, reports, transitions, runs started and finished)
 * @param hopLatency per attempt handed out, the time from ready (parents done) to its hand-out
 * @param taskDuration per accepted report, the time from the attempt's hand-out to the report
 */
public record SchedulerStats(SchedulerState state, long watcherWakeUps, long leaseMonitorWakeUps, int queuedTasks,
                             int runningTasks, int activeRuns, int queuedRuns, long alertsSent, long alertsDropped,
                             WorkCounts work, DurationHistogram hopLatency, DurationHistogram taskDuration) {
}
