package ppacer.api.protocol;

/**
 * Answer to a heartbeat.
 *
 * @param leaseDeadline the new lease end
 */
public record HeartbeatAck(String leaseDeadline) {
}
