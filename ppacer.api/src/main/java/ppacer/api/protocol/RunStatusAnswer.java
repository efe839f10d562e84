package ppacer.api.protocol;

/**
 * The answer of {@code GET /dag/task/run-status?dagId=&logicalTime=}: the status of a DAG's run at a
 * logical time, for a task that waits for another DAG (an external-run sensor).
 *
 * @param status the run's status (QUEUED, RUNNING, SUCCESS, FAILED), null when there is no such run
 */
public record RunStatusAnswer(String status) {
}
