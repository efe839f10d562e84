package ppacer.api.protocol;

/**
 * {@code GET /state}: the scheduler's life-cycle state and its place in a high-availability group.
 *
 * @param state STARTED, SYNCHRONIZING, RUNNING, STOPPING or STOPPED
 * @param role {@code leader} or {@code standby}
 * @param epoch the fencing epoch of this scheduler's lease, or of the last lease it saw
 * @param nodeId this scheduler's node id
 * @param leaderId the leader's node id, or null when unknown
 * @param leaderUrl the leader's advertised URL, or null
 * @param takeovers how often this scheduler took the lead from another node (becoming leader at start is
 *     not a takeover)
 */
public record StateView(String state, String role, long epoch, String nodeId, String leaderId, String leaderUrl,
                        long takeovers) {
}
