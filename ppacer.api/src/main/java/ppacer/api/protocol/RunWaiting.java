package ppacer.api.protocol;

/**
 * Why an unfinished run makes no progress ({@code waiting} of {@code GET /dagruns/{runId}}).
 *
 * @param reason which reason: {@code DAG_PAUSED} (its DAG is paused and the run is queued) or
 *     {@code NO_EXECUTOR} (attempts wait and no executor has polled for a while); more may come, so
 *     a reader shows {@code message} for a reason it does not know
 * @param message the reason and what ends it, e.g. {@code hello_world is paused: the run waits until
 *     `ppacer unpause hello_world`}
 */
public record RunWaiting(String reason, String message) {
}
