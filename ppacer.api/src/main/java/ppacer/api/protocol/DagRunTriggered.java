package ppacer.api.protocol;

/**
 * Answer to a trigger.
 *
 * @param runId the new run id
 * @param dagId the DAG
 * @param execTs the run's logical time
 */
public record DagRunTriggered(long runId, String dagId, String execTs) {
}
