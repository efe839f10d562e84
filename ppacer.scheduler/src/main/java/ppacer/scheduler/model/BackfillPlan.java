package ppacer.scheduler.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ppacer.api.DagRunStatus;

/**
 * A backfill's dry run: the points of its range in processing order and what each would get now,
 * decided by the code the backfill itself uses.
 *
 * @param dagId the DAG
 * @param points the points
 * @param dagPaused whether the DAG is paused (the backfill would wait until it is unpaused)
 */
public record BackfillPlan(String dagId, List<Point> points, boolean dagPaused) {
    /** What a backfill does at one point. */
    public enum Action {
        /** A new run. */
        CREATE,
        /** The existing finished run is restarted. */
        RERUN,
        /** The existing run is left as it is. */
        SKIP
    }

    /**
     * One point of a plan.
     *
     * @param logicalTime the schedule point
     * @param action what happens there
     * @param runId the existing run, if any
     * @param status its status, if any
     */
    public record Point(Instant logicalTime, Action action, Optional<Long> runId, Optional<DagRunStatus> status) {
    }

    /**
     * @param action an action
     * @return the logical times that get it, in processing order
     */
    public List<Instant> times(Action action) {
        return points.stream().filter(p -> p.action() == action).map(Point::logicalTime).toList();
    }
}
