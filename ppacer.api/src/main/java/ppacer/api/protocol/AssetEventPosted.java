package ppacer.api.protocol;

/**
 * The answer of {@code POST /assets/{name}/events}: 201 with the new event, or 200 with the first
 * event of a repeated idempotency key.
 *
 * @param created true when this post recorded the event
 * @param event the event
 */
public record AssetEventPosted(boolean created, AssetEventView event) {
}
