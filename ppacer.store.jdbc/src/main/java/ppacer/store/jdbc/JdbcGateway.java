package ppacer.store.jdbc;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import ppacer.api.concurrent.Backoff;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.WriteHealth;
import ppacer.api.spi.WriteHealthMonitor;

/**
 * Helidon DB Client access with the store's error handling: every failure becomes a sanitized
 * {@link StoreException} naming the operation and the store; calls after close are refused.
 * Statements use positional {@code ?} parameters (no {@code :name}, so no clash with casts).
 */
final class JdbcGateway {
    private static final System.Logger LOG = System.getLogger(JdbcGateway.class.getName());
    /** The {@code schema_version} row a write probe inserts and deletes in one transaction; never a real version. */
    private static final int PROBE_VERSION = -1;
    private final DbClient client;
    private final HikariPool pool;
    private final Failures failures;
    private final Dialect dialect;
    private final long epoch;
    private final AtomicBoolean closed;
    private final WriteHealthMonitor health;

    JdbcGateway(DbClient client, HikariPool pool, Failures failures, Dialect dialect, WriteHealthMonitor health) {
        this(client, pool, failures, dialect, 0, new AtomicBoolean(), health);
    }

    private JdbcGateway(DbClient client, HikariPool pool, Failures failures, Dialect dialect, long epoch, AtomicBoolean closed,
               WriteHealthMonitor health) {
        this.client = client;
        this.pool = pool;
        this.failures = failures;
        this.dialect = dialect;
        this.epoch = epoch;
        this.closed = closed;
        this.health = health;
    }

    /**
     * @param leaseEpoch the epoch every write transaction must find in the leader lease
     * @return a view of this JdbcGateway, sharing its pool, whose transactions check the epoch first
     */
    JdbcGateway fenced(long leaseEpoch) {
        if (leaseEpoch < 1) {
            throw new IllegalArgumentException("A fencing epoch is at least 1, was " + leaseEpoch);
        }
        return new JdbcGateway(client, pool, failures, dialect, leaseEpoch, closed, health);
    }

    /** @return a view of this JdbcGateway, sharing its pool, whose writes are not fenced (for tables no leader owns) */
    JdbcGateway unfenced() {
        return epoch == 0 ? this : new JdbcGateway(client, pool, failures, dialect, 0, closed, health);
    }

    /** @return the epoch writes are fenced with, 0 when they are not */
    long epoch() {
        return epoch;
    }

    /**
     * Refuses the transaction unless the leader lease still has {@code expected} as its epoch; the
     * shared row lock taken here is held to the end of the transaction, so a takeover (which updates
     * the row) waits for this transaction and the write is ordered before it.
     *
     * @param ex the transaction
     * @param dialect the dialect
     * @param failures names the store
     * @param expected the epoch the writer holds
     */
    static void checkEpoch(DbExecute ex, Dialect dialect, Failures failures, long expected) {
        long current = query(ex, "SELECT epoch FROM leader_lease WHERE id = 1 " + dialect.shareLock(),
                r -> lng(r, "epoch")).getFirst();
        if (current != expected) {
            throw stale(failures, expected, current);
        }
    }

    static StaleEpochException stale(Failures failures, long expected, long current) {
        return new StaleEpochException("Write refused by " + failures.store() + ": it carries leader epoch " + expected
                + " but the leader lease is at epoch " + current + "; another scheduler took over", expected, current);
    }

    Failures failures() {
        return failures;
    }

    Dialect dialect() {
        return dialect;
    }

    HikariPool pool() {
        return pool;
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new StoreException("The " + failures.store() + " is closed");
        }
    }

    /**
     * Runs a query outside a transaction.
     *
     * @param what the operation, for messages
     * @param sql the SQL
     * @param mapper maps a row
     * @param params positional parameters
     * @param <T> the row type
     * @return the rows
     */
    <T> List<T> query(String what, String sql, Function<DbRow, T> mapper, Object... params) {
        ensureOpen();
        try {
            return query(client.execute(), sql, mapper, params);
        } catch (RuntimeException e) {
            throw failures.wrap(what, e);
        }
    }

    <T> Optional<T> first(String what, String sql, Function<DbRow, T> mapper, Object... params) {
        List<T> rows = query(what, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    static <T> List<T> query(DbExecute ex, String sql, Function<DbRow, T> mapper, Object... params) {
        try (Stream<DbRow> rows = ex.createQuery(sql).params(Arrays.asList(params)).execute()) {
            return rows.map(mapper).toList();
        }
    }

    static long dml(DbExecute ex, String sql, Object... params) {
        return ex.createDmlStatement(sql).params(Arrays.asList(params)).execute();
    }

    long dml(String what, String sql, Object... params) {
        if (epoch > 0) {
            return tx(what, tx -> dml(tx, sql, params));
        }
        ensureOpen();
        long n;
        try {
            n = dml(client.execute(), sql, params);
        } catch (RuntimeException e) {
            throw writeFailed(what, e);
        }
        health.succeeded();
        return n;
    }

    /** Wraps a failed write, noting it in the write health when it is the store's fault, not the caller's. */
    private StoreException writeFailed(String what, Throwable e) {
        StoreException failure = failures.wrap(what, e);
        if (failures.isStoreFault(e)) {
            health.failed(failure.getMessage());
        }
        return failure;
    }

    /**
     * @return whether the store accepts writes; while the latest write failed, a probe write first: a
     *         transaction that inserts a {@code schema_version} row and deletes it again (nothing visible changes)
     */
    WriteHealth writeHealth() {
        if (closed.get()) {
            return health.current();
        }
        return health.check(() -> tx("Probing that the store accepts writes", tx -> {
            dml(tx, "INSERT INTO schema_version (version, applied_at) VALUES (?, 0)", PROBE_VERSION);
            return dml(tx, "DELETE FROM schema_version WHERE version = ?", PROBE_VERSION);
        }));
    }

    /**
     * Runs work in one transaction, committing when it returns. A deadlock or serialization failure
     * is retried once, after a short jittered pause ({@link DeadlockRetry}). When a statement fails, Helidon has already rolled back and closed the
     * connection, so a rollback failure here is only logged. A fenced transaction whose session the
     * server ended because another scheduler took over (see {@link LeaseTakeover}) fails with
     * {@link StaleEpochException}: it was rolled back with its session.
     *
     * @param what the operation
     * @param work the work
     * @param <T> the result
     * @return the work's result
     */
    <T> T tx(String what, Function<DbTransaction, T> work) {
        ensureOpen();
        Backoff retries = null; // made on the first transient failure only
        for (int attempt = 1; ; attempt++) {
            DbTransaction tx;
            try {
                tx = client.transaction();
            } catch (RuntimeException e) {
                throw writeFailed(what, e);
            }
            boolean committing = false;
            try {
                if (epoch > 0) {
                    checkEpoch(tx, dialect, failures, epoch);
                }
                T result = work.apply(tx);
                committing = true;
                tx.commit();
                health.succeeded();
                return result;
            } catch (RuntimeException e) {
                try {
                    tx.rollback();
                } catch (RuntimeException r) {
                    LOG.log(Level.DEBUG, () -> "Rollback after a failed " + what + " on " + failures.store()
                            + " failed too: " + failures.sanitize(String.valueOf(r.getMessage())));
                }
                if (attempt < 2 && failures.isTransient(e)) {
                    retries = retries == null ? DeadlockRetry.backoff() : retries;
                    if (DeadlockRetry.pause(retries)) {
                        continue;
                    }
                }
                throw failedWrite(what, e, committing);
            }
        }
    }

    /** Plain JDBC work inside a transaction of {@link #jdbcTx}. */
    @FunctionalInterface
    interface JdbcWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * As {@link #tx}, on a plain JDBC connection of the same pool, for work that needs statement
     * batching ({@code addBatch}/{@code executeBatch}), which Helidon DB Client does not offer: the
     * same epoch check first, one retry of a deadlock or serialization failure, the same failure
     * mapping (a duplicate key becomes {@link ppacer.api.spi.DuplicateKeyException}).
     *
     * @param what the operation
     * @param work the work
     * @param <T> the result
     * @return the work's result
     */
    <T> T jdbcTx(String what, JdbcWork<T> work) {
        ensureOpen();
        Backoff retries = null;
        for (int attempt = 1; ; attempt++) {
            boolean committing = false;
            try (Connection c = pool.rawConnection()) {
                c.setAutoCommit(false);
                try {
                    if (epoch > 0) {
                        long current;
                        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM leader_lease WHERE id = 1 "
                                + dialect.shareLock()); ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            current = rs.getLong(1);
                        }
                        if (current != epoch) {
                            throw stale(failures, epoch, current);
                        }
                    }
                    T result = work.apply(c);
                    committing = true;
                    c.commit();
                    health.succeeded();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                if (e instanceof StaleEpochException stale) {
                    throw stale;
                }
                if (attempt < 2 && failures.isTransient(e)) {
                    retries = retries == null ? DeadlockRetry.backoff() : retries;
                    if (DeadlockRetry.pause(retries)) {
                        continue;
                    }
                }
                throw failedWrite(what, e, committing);
            }
        }
    }

    /**
     * What a failed write throws: when a fenced write's session ended (the transaction rolled back
     * with it), whether this node is still the leader decides (a stale epoch, or a store fault that
     * marks the store unhealthy); else the write's failure.
     */
    private StoreException failedWrite(String what, Exception e, boolean committing) {
        if (epoch > 0 && failures.rolledBackWithSession(e, committing)) {
            StoreException ended = failures.endedFencedWrite(what, e, epoch, currentEpoch());
            if (!(ended instanceof StaleEpochException) && failures.isStoreFault(e)) {
                health.failed(ended.getMessage());
            }
            return ended;
        }
        return writeFailed(what, e);
    }

    /** @return the lease's epoch by a plain read (no lock), or empty when it cannot be read now */
    private Optional<Long> currentEpoch() {
        try {
            return Optional.of(query(client.execute(), "SELECT epoch FROM leader_lease WHERE id = 1", r -> lng(r, "epoch"))
                    .getFirst());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    void close() {
        closed.set(true);
        try {
            client.close();
        } finally {
            pool.close();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    static String str(DbRow r, String col) {
        Object v = r.column(col).get(Object.class);
        return v == null ? null : v.toString();
    }

    static long lng(DbRow r, String col) {
        return ((Number) r.column(col).get(Object.class)).longValue();
    }

    static int integer(DbRow r, String col) {
        return ((Number) r.column(col).get(Object.class)).intValue();
    }

    static boolean flag(DbRow r, String col) {
        Object v = r.column(col).get(Object.class);
        return v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
    }

    static Object raw(DbRow r, String col) {
        return r.column(col).get(Object.class);
    }
}
