package ppacer.scheduler;

import java.util.Optional;

/**
 * Who leads, as this scheduler knows it.
 *
 * @param leader true when this scheduler holds the lease and is RUNNING (or synchronizing to run)
 * @param nodeId this scheduler's node id
 * @param epoch the fencing epoch of this scheduler's lease when leader, else of the last lease seen (0: none)
 * @param leaderId the leader's node id, when known
 * @param leaderUrl the leader's advertised URL, when known and advertised
 * @param takeovers how often this scheduler took the lead from another node (not counting becoming
 *     leader at start)
 */
public record LeaderStatus(boolean leader, String nodeId, long epoch, Optional<String> leaderId,
                           Optional<String> leaderUrl, long takeovers) {
    /** @return "leader" or "standby" */
    public String role() {
        return leader ? "leader" : "standby";
    }
}
