package ppacer.scheduler.core;

import java.time.Instant;

/**
 * A deadline of an active run or of one of its tasks ({@link ppacer.api.Deadline}), waiting on a
 * {@link DueTimer}: when it comes due, the scheduler checks whether it was met and claims and sends
 * the alert of a missed one. Tracked once per run and task ({@link DueTimer#scheduleIfAbsent}), so
 * that a run activated again is not tracked twice.
 *
 * @param runId the run
 * @param taskId the task; empty text for the run's own deadline
 * @param dueAt when it is due
 */
public record DeadlineDue(long runId, String taskId, Instant dueAt) {
    /**
     * @param clock the clock due times are compared with
     * @param onDue called (on the timer's thread) for each deadline that came due
     * @return a timer of deadlines, one per run and task
     */
    public static DueTimer<String, DeadlineDue> timer(java.time.InstantSource clock,
                                                      java.util.function.Consumer<DeadlineDue> onDue) {
        return new DueTimer<>(clock, d -> d.runId() + "/" + d.taskId(), DeadlineDue::dueAt, onDue);
    }
}
