package ppacer.scheduler.model;

import java.util.Map;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;

/**
 * What the scheduler's core has done since it started, over every leadership term and whichever
 * executor did the work (over HTTP or in-process). Every count only grows.
 *
 * @param handedOut attempts handed out (SCHEDULED → RUNNING)
 * @param succeeded SUCCESS reports accepted
 * @param failed failure reports accepted, whether or not a retry follows
 * @param retried of {@code failed}, those that leave a retry (FAILED_PENDING_RETRY)
 * @param expired attempts failed because their lease expired ("executor lost"), also when found at a start
 * @param interrupted attempts of an in-process executor that ended with its process, cancelled at
 *     recovery and run again
 * @param attemptTransitions attempt rows written into each status: new attempts (SCHEDULED,
 *     UPSTREAM_FAILED), hand-outs, reports, expiries, recovery and operator actions
 * @param runsStarted runs moved to RUNNING by their start (recovery and operator restarts not counted)
 * @param runsFinished runs that reached each final status (SUCCESS, FAILED)
 */
public record WorkCounts(long handedOut, long succeeded, long failed, long retried, long expired, long interrupted,
                         Map<TaskStatus, Long> attemptTransitions, long runsStarted,
                         Map<DagRunStatus, Long> runsFinished) {
    /** Copies the maps. */
    public WorkCounts {
        attemptTransitions = Map.copyOf(attemptTransitions);
        runsFinished = Map.copyOf(runsFinished);
    }
}
