package ppacer.store.jdbc;

import io.helidon.dbclient.DbExecute;
import java.time.Duration;
import java.util.Optional;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.Lease;

/**
 * The leader lease in the one-row table {@code leader_lease}, timed by the database clock only:
 * expiry is compared with the database's "now" inside the statement, never with a node's clock. An
 * acquisition is one conditional UPDATE (expired, or held by the same node) that increases the
 * epoch; concurrent candidates serialize on the row lock, so exactly one wins.
 */
final class JdbcLeaderLease implements LeaderLease {
    private final Db db;
    private final String now;

    JdbcLeaderLease(Db db, Dialect dialect) {
        this.db = db;
        this.now = dialect.nowMicros();
    }

    @Override
    public Optional<Lease> tryAcquire(String nodeId, String advertisedUrl, Duration ttl) {
        return db.tx("Acquiring the leader lease for node '" + nodeId + "'", tx -> {
            long n = Db.dml(tx, "UPDATE leader_lease SET epoch = epoch + 1, leader_id = ?, url = ?, acquired_at = " + now
                    + ", expires_at = " + now + " + ? WHERE id = 1 AND (expires_at <= " + now + " OR leader_id = ?)",
                    nodeId, advertisedUrl, micros(ttl), nodeId);
            return n == 0 ? Optional.<Lease>empty() : read(tx);
        });
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
    public Optional<Lease> current() {
        return db.tx("Reading the leader lease", this::read);
    }

    @Override
    public boolean shared() {
        return true;
    }

    private Optional<Lease> read(DbExecute ex) {
        return Db.query(ex, "SELECT epoch, leader_id, url, expires_at, " + now + " AS now_us FROM leader_lease WHERE id = 1",
                r -> {
                    String leader = Db.str(r, "leader_id");
                    if (leader == null) {
                        return Optional.<Lease>empty();
                    }
                    long expires = Db.lng(r, "expires_at");
                    return Optional.of(new Lease(Db.lng(r, "epoch"), leader, Db.str(r, "url"), Micros.toInstant(expires),
                            Duration.ofNanos((expires - Db.lng(r, "now_us")) * 1000)));
                }).getFirst();
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
