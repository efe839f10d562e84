package ppacer.api.protocol;

import java.util.List;

/**
 * One DAG in {@code GET /dags/{dagId}}: the fields of its {@link DagSummary} and its tasks.
 *
 * @param dagId the DAG
 * @param description its description
 * @param tags its tags
 * @param schedule the cron expression, or the schedule's description, or null
 * @param scheduleInWords the schedule in words
 * @param timezone the cron schedule's zone, or null
 * @param catchUp whether missed schedule points are run
 * @param catchUpWindow with catch-up, how far back missed points still run (ISO-8601 duration); null
 *     when unlimited or without catch-up
 * @param overlap the overlap policy: ALLOW, SKIP, BUFFER_ONE or CANCEL_OTHER
 * @param maxActiveRuns how many runs may be active at once
 * @param paused whether the DAG is paused
 * @param tasks how many tasks it has
 * @param version the stored version of its tasks
 * @param nextRun its next schedule point, or null
 * @param recentRuns its latest runs, newest first
 * @param taskList its tasks in topological order
 * @param source where its code comes from, or null when it was registered without a
 *     {@link ppacer.api.DagSource} ({@link ppacer.api.DagRegistry#of(java.util.Collection)})
 * @param assets its asset schedule, pending events and still-missing assets; null when it is not
 *     scheduled on assets
 */
public record DagDetails(String dagId, String description, List<String> tags, String schedule, String scheduleInWords,
                         String timezone, boolean catchUp, String catchUpWindow, String overlap, int maxActiveRuns, boolean paused, int tasks, int version,
                         Timestamp nextRun, List<RecentRun> recentRuns, List<DagTaskView> taskList,
                         DagCodeLocation source, DagAssets assets) {
    /** Copies the lists. */
    public DagDetails {
        tags = List.copyOf(tags);
        recentRuns = List.copyOf(recentRuns);
        taskList = List.copyOf(taskList);
    }

    /**
     * @param s the DAG's summary
     * @param taskList its tasks
     * @param source where its code comes from, or null
     * @return the details
     */
    public static DagDetails of(DagSummary s, List<DagTaskView> taskList, DagCodeLocation source) {
        return of(s, taskList, source, null);
    }

    /**
     * @param s the DAG's summary
     * @param taskList its tasks
     * @param source where its code comes from, or null
     * @param assets its asset schedule and what it still waits for, or null when it is not on assets
     * @return the details
     */
    public static DagDetails of(DagSummary s, List<DagTaskView> taskList, DagCodeLocation source, DagAssets assets) {
        return new DagDetails(s.dagId(), s.description(), s.tags(), s.schedule(), s.scheduleInWords(), s.timezone(),
                s.catchUp(), s.catchUpWindow(), s.overlap(), s.maxActiveRuns(), s.paused(), s.tasks(), s.version(), s.nextRun(), s.recentRuns(), taskList,
                source, assets);
    }
}
