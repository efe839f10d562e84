package ppacer.api.protocol;

/**
 * The 503 answer of a standby scheduler to executor and mutating calls: an {@link ErrorBody} with
 * where the leader is, so that clients move to it.
 *
 * @param error {@code not the leader}, then where the leader is when known, e.g.
 *     {@code not the leader; the leader is sched-2 at http://10.0.0.2:9321}
 * @param field always null
 * @param leader the leader's advertised URL, or null when unknown
 * @param leaderId the leader's node id, or null
 * @param epoch the fencing epoch the standby saw last
 */
public record NotLeaderBody(String error, String field, String leader, String leaderId, long epoch) {
    /**
     * @param leaderUrl the leader's advertised URL, or null
     * @param leaderId the leader's node id, or null
     * @param epoch the epoch seen last
     * @return the body
     */
    public static NotLeaderBody of(String leaderUrl, String leaderId, long epoch) {
        String where = leaderUrl != null && !leaderUrl.isBlank()
                ? "; the leader is " + (leaderId == null ? "" : leaderId + " ") + "at " + leaderUrl
                : leaderId != null ? "; the leader is " + leaderId + " (it advertises no URL)" : "; no leader is known";
        return new NotLeaderBody("not the leader" + where, null, leaderUrl, leaderId, epoch);
    }
}
