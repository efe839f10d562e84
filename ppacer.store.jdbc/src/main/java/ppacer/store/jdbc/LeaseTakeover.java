package ppacer.store.jdbc;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.StoreException;

/**
 * One acquisition of the leader lease that no session of the old leader can hold up.
 *
 * <p>Every fenced write transaction holds a shared lock of the lease row until it ends, and the
 * acquisition's UPDATE needs that row exclusively. A leader frozen inside such a transaction
 * (SIGSTOP, a long GC or VM pause) or cut off from the database while in one (a half-open
 * connection) would make the UPDATE wait for as long as the freeze lasts. So the UPDATE runs on its
 * own connection and thread, and while it waits on a lease that has expired by the database clock,
 * the sessions holding what it waits for are ended (PostgreSQL {@code pg_terminate_backend},
 * MySQL/MariaDB {@code KILL CONNECTION}). They are transactions of a leader whose lease is over;
 * ending one rolls it back, which releases every row lock it held, so the new leader's recovery does
 * not wait on them either, and the old leader, resumed, finds its transaction gone and its epoch
 * stale. A live lease is never fought for: only its expiry is waited for. Whatever happens (no
 * privilege to end a session, say) the wait is bounded by the sessions' lock timeout, after which the
 * acquisition fails and is tried again.
 *
 * <p>The sessions are named by the server at the moment they block the waiting UPDATE, not from a
 * record that could be stale: on PostgreSQL one statement reads the holders ({@code pg_blocking_pids})
 * and signals them, so a reused pid could only be hit if the holder ended and the operating system
 * handed its pid to a new backend within that one statement; MySQL/MariaDB connection ids are a
 * counter that is not reused while the server runs.
 */
final class LeaseTakeover {
    private static final System.Logger LOG = System.getLogger(LeaseTakeover.class.getName());
    /** How long the UPDATE waits before the lock holders are looked at, and between two looks. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final HikariPool pool;
    private final Dialect dialect;
    private final Failures failures;
    private final String now;

    LeaseTakeover(HikariPool pool, Dialect dialect, Failures failures) {
        this.pool = pool;
        this.dialect = dialect;
        this.failures = failures;
        this.now = dialect.nowMicros();
    }

    /**
     * Takes the lease when it has expired or is held by {@code nodeId}, increasing the epoch.
     *
     * @param nodeId the candidate
     * @param advertisedUrl its URL
     * @param ttl the lease length
     * @return the new lease, or empty when another node holds a live lease
     */
    Optional<LeaderLeaseState> acquire(String nodeId, String advertisedUrl, Duration ttl) {
        String what = "Acquiring the leader lease for node '" + nodeId + "'";
        try (Connection c = pool.rawConnection()) {
            c.setAutoCommit(false);
            try {
                long session = sessionId(c);
                try (PreparedStatement update = c.prepareStatement("UPDATE leader_lease SET epoch = epoch + 1, leader_id = ?,"
                        + " url = ?, acquired_at = " + now + ", expires_at = " + now + " + ? WHERE id = 1 AND (expires_at <= "
                        + now + " OR leader_id = ?)")) {
                    update.setString(1, nodeId);
                    update.setString(2, advertisedUrl);
                    update.setLong(3, ttl.toNanos() / 1000);
                    update.setString(4, nodeId);
                    CompletableFuture<Optional<LeaderLeaseState>> done = new CompletableFuture<>();
                    Thread.ofPlatform().daemon().name("ppacer-lease-acquire-" + nodeId).start(() -> {
                        try {
                            Optional<LeaderLeaseState> got = update.executeUpdate() == 0 ? Optional.empty() : read(c);
                            c.commit();
                            done.complete(got);
                        } catch (SQLException | RuntimeException e) {
                            done.completeExceptionally(e);
                        }
                    });
                    return await(done, update, session, nodeId);
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw failures.wrap(what, e);
        }
    }

    /** Waits for the UPDATE; while it waits on an expired lease, ends the sessions that hold it up. */
    private Optional<LeaderLeaseState> await(CompletableFuture<Optional<LeaderLeaseState>> done, PreparedStatement update, long session,
                                  String nodeId) throws SQLException {
        Connection other = null;
        boolean canEnd = true;
        try {
            while (true) {
                try {
                    return done.get(LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (canEnd && other == null) {
                        try {
                            other = pool.rawConnection();
                        } catch (SQLException x) {
                            canEnd = cannotEnd(nodeId, x);
                        }
                    }
                    if (canEnd && other != null) {
                        canEnd = endHolders(other, session, nodeId);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException s) {
                        throw s;
                    }
                    throw failures.wrap("Acquiring the leader lease", e.getCause());
                } catch (InterruptedException e) {
                    update.cancel();
                    done.handle((r, f) -> null).join(); // the cancelled UPDATE ends at once
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted while acquiring the leader lease of " + failures.store());
                }
            }
        } finally {
            if (other != null) {
                other.close();
            }
        }
    }

    /**
     * Ends the holders when the lease has expired by the database clock.
     *
     * @return false when sessions cannot be ended here (then only the lock timeout bounds the wait)
     */
    private boolean endHolders(Connection other, long session, String nodeId) {
        try {
            long epoch;
            try (PreparedStatement ps = other.prepareStatement("SELECT epoch FROM leader_lease WHERE id = 1 AND expires_at <= "
                    + now); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return true; // live: a node renewed or took it meanwhile; its transactions are short
                }
                epoch = rs.getLong(1);
            }
            List<Long> ended = dialect.endBlockers(other, session);
            if (!ended.isEmpty()) {
                LOG.log(Level.WARNING, "Scheduler {0} ended database session(s) {1} on {2}: they held the lease row"
                        + " of the expired lease at epoch {3} (a frozen or cut-off leader) and blocked the takeover",
                        nodeId, ended, failures.store(), epoch);
            }
            return true;
        } catch (SQLException e) {
            return cannotEnd(nodeId, e);
        }
    }

    private boolean cannotEnd(String nodeId, SQLException e) {
        LOG.log(Level.WARNING, "Scheduler {0} cannot end the sessions blocking its takeover on {1}, so it waits for"
                + " the lock timeout: {2}", nodeId, failures.store(), failures.sanitize(e.getMessage()));
        return false;
    }

    private long sessionId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.sessionIdSql()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Optional<LeaderLeaseState> read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch, leader_id, url, expires_at, " + now
                + " AS now_us FROM leader_lease WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.of(JdbcLeaderLease.lease(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getLong(5)));
        }
    }
}
