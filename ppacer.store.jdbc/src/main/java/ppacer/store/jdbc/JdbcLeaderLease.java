package ppacer.store.jdbc;

import io.helidon.dbclient.DbExecute;
import java.time.Duration;
import java.util.Optional;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.LeaderLeaseState;

/**
 * The leader lease in the one-row table {@code leader_lease}, timed by the database clock only:
 * expiry is compared with the database's "now" inside the statement, never with a node's clock. An
 * acquisition is one conditional UPDATE (expired, or held by the same node) that increases the
 * epoch; concurrent candidates serialize on the row lock, so exactly one wins. An acquisition is
 * bounded whatever the old leader's sessions hold (see {@link LeaseTakeover}).
 */
final class JdbcLeaderLease implements LeaderLease {
    private final JdbcGateway db;
    private final LeaseTakeover takeover;
    private final String now;

    JdbcLeaderLease(JdbcGateway db, Dialect dialect) {
        this.db = db;
        this.takeover = new LeaseTakeover(db.pool(), dialect, db.failures());
        this.now = dialect.nowMicros();
    }

    /**
     * Reads the lease first (a plain read waits on no lock): a live lease of another node is left
     * alone; otherwise the acquisition's UPDATE runs as a {@link LeaseTakeover}, which no session of
     * the old leader can hold up.
     */
    @Override
    public Optional<LeaderLeaseState> tryAcquire(String nodeId, String advertisedUrl, Duration ttl) {
        Optional<LeaderLeaseState> seen = current();
        if (seen.isPresent() && seen.get().live() && !seen.get().leaderId().equals(nodeId)) {
            return Optional.empty();
        }
        return takeover.acquire(nodeId, advertisedUrl, ttl);
    }

    @Override
    public boolean renew(String nodeId, long epoch, Duration ttl) {
        return db.dml("Renewing the leader lease of node '" + nodeId + "' at epoch " + epoch,
                "UPDATE leader_lease SET expires_at = " + now + " + ? WHERE id = 1 AND leader_id = ? AND epoch = ?",
                micros(ttl), nodeId, epoch) > 0;
    }

    @Override
    public void release(String nodeId, long epoch) {
        db.dml("Releasing the leader lease of node '" + nodeId + "' at epoch " + epoch,
                "UPDATE leader_lease SET expires_at = " + now + " WHERE id = 1 AND leader_id = ? AND epoch = ?",
                nodeId, epoch);
    }

    @Override
    public Optional<LeaderLeaseState> current() {
        return db.tx("Reading the leader lease", this::read);
    }

    @Override
    public boolean shared() {
        return true;
    }

    private Optional<LeaderLeaseState> read(DbExecute ex) {
        return JdbcGateway.query(ex, "SELECT epoch, leader_id, url, expires_at, " + now + " AS now_us FROM leader_lease WHERE id = 1",
                r -> Optional.ofNullable(JdbcGateway.str(r, "leader_id")).map(leader -> lease(JdbcGateway.lng(r, "epoch"), leader,
                        JdbcGateway.str(r, "url"), JdbcGateway.lng(r, "expires_at"), JdbcGateway.lng(r, "now_us")))).getFirst();
    }

    /**
     * @param epoch the epoch
     * @param leader the holder
     * @param url its URL
     * @param expires the expiry, microseconds since the epoch by the database clock
     * @param nowMicros the database clock when read
     * @return the lease
     */
    static LeaderLeaseState lease(long epoch, String leader, String url, long expires, long nowMicros) {
        return new LeaderLeaseState(epoch, leader, url, Micros.toInstant(expires), Duration.ofNanos((expires - nowMicros) * 1000));
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
