package ppacer.api.protocol;

import java.util.List;

/**
 * A DAG's next schedule points ({@code GET /dags/{dagId}/schedule?from=&count=}, {@code ppacer
 * schedule}), computed by the schedule the scheduler uses.
 *
 * @param dagId the DAG
 * @param schedule the schedule in words (e.g. {@code 30 2 * * * (Europe/Warsaw)})
 * @param zone the zone the points are shown in: the cron schedule's, else the scheduler's
 * @param paused whether the DAG is paused (no scheduled run is created while it is)
 * @param catchUp whether missed points are run after a downtime
 * @param catchUpWindow with catch-up, how far back missed points still run (ISO-8601 duration); null
 *     when unlimited or without catch-up
 * @param overlap what a point due while a previous run is unfinished gets: ALLOW, SKIP, BUFFER_ONE or
 *     CANCEL_OTHER
 * @param points the points, in order
 */
public record SchedulePreview(String dagId, String schedule, String zone, boolean paused, boolean catchUp,
                              String catchUpWindow, String overlap,
                              List<Point> points) {
    /** Copies. */
    public SchedulePreview {
        points = List.copyOf(points);
    }

    /**
     * One point.
     *
     * @param logicalTime the run's logical time, ISO-8601 with the zone's offset
     * @param note what a clock change does to it (a shifted or a repeated local time), or null
     */
    public record Point(String logicalTime, String note) {
    }
}
