package ppacer.api.protocol;

/**
 * One of a DAG's latest runs in {@link DagSummary#recentRuns()}.
 *
 * @param runId the run
 * @param status its status
 * @param execTs its logical time, ISO with offset
 */
public record RecentRun(long runId, String status, String execTs) {
}
