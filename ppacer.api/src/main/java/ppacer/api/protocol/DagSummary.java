package ppacer.api.protocol;

import java.util.List;

/**
 * One DAG in {@code GET /dags}.
 *
 * @param dagId the DAG
 * @param description its description
 * @param tags its tags
 * @param schedule the cron expression, or the schedule's description, or null for manual triggers only
 * @param scheduleInWords the schedule in words
 * @param timezone the cron schedule's zone, or null
 * @param catchUp whether missed schedule points are run
 * @param catchUpWindow with catch-up, how far back missed points still run (ISO-8601 duration, e.g.
 *     {@code PT24H}); null when unlimited or without catch-up
 * @param overlap the overlap policy: ALLOW, SKIP, BUFFER_ONE or CANCEL_OTHER
 * @param maxActiveRuns how many runs may be active at once
 * @param paused whether the DAG is paused
 * @param tasks how many tasks it has
 * @param version the stored version of its tasks (0 before the first store)
 * @param nextRun its next schedule point, or null
 * @param recentRuns its latest runs, newest first
 */
public record DagSummary(String dagId, String description, List<String> tags, String schedule, String scheduleInWords,
                         String timezone, boolean catchUp, String catchUpWindow, String overlap, int maxActiveRuns, boolean paused, int tasks, int version,
                         Timestamp nextRun, List<RecentRun> recentRuns) {
    /** Copies the lists. */
    public DagSummary {
        tags = List.copyOf(tags);
        recentRuns = List.copyOf(recentRuns);
    }
}
