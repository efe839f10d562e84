package ppacer.api.protocol;

/**
 * Restarts a FAILED run ({@code POST /dag/run/restart}), given either {@code runId} or ppacer's
 * pair {@code dagId} + {@code execTs}.
 *
 * @param dagId the DAG
 * @param execTs the run's logical time
 * @param runId the run id (takes precedence when present)
 */
public record DagRunRestartInput(String dagId, String execTs, Long runId) {
}
