package ppacer.api.protocol;

/**
 * {@code GET /state}.
 *
 * @param state STARTED, SYNCHRONIZING, RUNNING, STOPPING or STOPPED
 */
public record StateView(String state) {
}
