package ppacer.api.protocol;

/**
 * Why an unfinished run makes no progress ({@code waiting} of {@code GET /dagruns/{runId}}).
 *
 * @param reason which reason, the run-level kinds of the explainer ({@link WhyAnswer}):
 *     {@code DAG_PAUSED} (its DAG is paused and the run is queued), {@code MAX_ACTIVE_RUNS} (queued
 *     behind the DAG's active runs), {@code QUEUED_NO_EXECUTOR} (tasks are ready and no executor has
 *     polled for a while) or {@code NOT_LEADER}; more may come, so a reader shows {@code message} for a
 *     reason it does not know
 * @param message the reason and what ends it, e.g. {@code hello_world is paused: the run waits until
 *     `ppacer unpause hello_world`}
 */
public record RunWaiting(String reason, String message) {
}
