package ppacer.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Everything that differs between PostgreSQL and MySQL/MariaDB, and nothing else: DDL (schema
 * resources), driver timeout properties, the current-schema expression, how errors are classified and
 * how a session that blocks a lease takeover is found and ended. The queries themselves are portable SQL.
 */
enum Dialect {
    /** PostgreSQL through pgJDBC. */
    POSTGRESQL("postgresql", "jdbc:postgresql:", "current_schema()",
            "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)", "FOR SHARE") {
        @Override
        boolean isDuplicateKey(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        boolean isTransient(SQLException e) {
            String s = e.getSQLState();
            return "40001".equals(s) || "40P01".equals(s);
        }

        @Override
        boolean isSessionEnded(SQLException e) {
            return "57P01".equals(e.getSQLState()); // admin_shutdown: pg_terminate_backend
        }

        @Override
        boolean endedSessionAnswersCommit() {
            // the backend sends its FATAL and exits while waiting for the next command: a COMMIT
            // answered by it was never executed
            return true;
        }

        @Override
        boolean isUnknownDatabase(SQLException e) {
            return "3D000".equals(e.getSQLState()); // invalid_catalog_name
        }

        @Override
        boolean isAccessDenied(SQLException e) {
            return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState());
        }

        @Override
        int defaultPort() {
            return 5432;
        }

        @Override
        String sessionIdSql() {
            return "SELECT pg_backend_pid()";
        }

        @Override
        List<Long> endBlockers(Connection c, long waiter) throws SQLException {
            // one statement finds and signals the holders, so a pid is signalled while it is a holder;
            // sessions themselves waiting for a lock (other candidates queued ahead) are left alone
            List<Long> ended = new ArrayList<>();
            // (in the select list, the signal is sent only for the rows the filter kept)
            try (PreparedStatement ps = c.prepareStatement("SELECT h.pid, pg_terminate_backend(h.pid) FROM ("
                    + "SELECT a.pid FROM pg_stat_activity a WHERE a.pid = ANY(pg_blocking_pids(?))"
                    + " AND a.datname = current_database() AND a.wait_event_type IS DISTINCT FROM 'Lock') h")) {
                ps.setInt(1, Math.toIntExact(waiter));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(2)) {
                            ended.add(rs.getLong(1));
                        }
                    }
                }
            }
            return ended;
        }

        @Override
        void timeouts(Properties p, Duration connect, Duration timeout) {
            // pgJDBC takes seconds; at least 1, since 0 means "no timeout".
            p.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toSeconds())));
            p.setProperty("loginTimeout", Long.toString(Math.max(1, connect.toSeconds())));
            p.setProperty("socketTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
            p.setProperty("tcpKeepAlive", "true");
            // a batch of INSERTs (the batch trigger's runs) goes as multi-row INSERTs, not one statement a row
            p.setProperty("reWriteBatchedInserts", "true");
            // pgJDBC turns a statement run 5 times on a connection into a server-prepared one, and the
            // server then keeps a generic plan planned from the statistics of that moment. A set-based
            // UPDATE ... FROM unnest(...) planned while a table was still small keeps a hash join over
            // a sequential scan for the connection's life: every batch then reads the whole table (a
            // burn-down slowed from 5 to 15 ms per batch as the tables grew). Custom plans are planned
            // with the current table size and the array lengths (PostgreSQL 12 and later).
            // The server keeps to the same bound as the client: a lock wait ends with a clean error
            // before the socket timeout would break the connection, and a session idle inside a
            // transaction for a whole round-trip bound (its client frozen, or gone without a FIN) is
            // ended by the server, which releases its locks even when no standby ends it.
            p.setProperty("options", "-c plan_cache_mode=force_custom_plan -c lock_timeout=" + lockWait(timeout).toMillis()
                    + " -c idle_in_transaction_session_timeout=" + Math.max(1, timeout.toMillis()));
        }
    },
    /** MySQL 8 and MariaDB 10.6+ through MySQL Connector/J. */
    MYSQL("mysql", "jdbc:mysql:", "DATABASE()", "CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000000 AS SIGNED)",
            "LOCK IN SHARE MODE") {
        @Override
        boolean isDuplicateKey(SQLException e) {
            return e.getErrorCode() == 1062;
        }

        @Override
        boolean isTransient(SQLException e) {
            // 1213 deadlock, 1205 lock wait timeout
            return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || "40001".equals(e.getSQLState());
        }

        @Override
        boolean isSessionEnded(SQLException e) {
            // 1927 ER_CONNECTION_KILLED (MariaDB), 70100: killed by KILL CONNECTION while running a statement
            return e.getErrorCode() == 1927 || "70100".equals(e.getSQLState()) && e.getErrorCode() != 1317;
        }

        @Override
        boolean endedSessionAnswersCommit() {
            // a connection killed while idle is closed without a word: a COMMIT then fails as a lost
            // connection, which cannot tell whether the COMMIT was executed
            return false;
        }

        @Override
        boolean isUnknownDatabase(SQLException e) {
            return e.getErrorCode() == 1049; // ER_BAD_DB_ERROR
        }

        @Override
        boolean isAccessDenied(SQLException e) {
            return e.getErrorCode() == 1045 || e.getErrorCode() == 1044; // ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR
        }

        @Override
        int defaultPort() {
            return 3306;
        }

        @Override
        boolean supports(String url) {
            return super.supports(url) || url != null && url.toLowerCase(Locale.ROOT).startsWith(MARIADB_PREFIX);
        }

        /** A {@code jdbc:mariadb:} URL (MariaDB Connector/J's form) goes to MySQL Connector/J as {@code jdbc:mysql:}. */
        @Override
        String driverUrl(String url) {
            return url.toLowerCase(Locale.ROOT).startsWith(MARIADB_PREFIX)
                    ? "jdbc:mysql:" + url.substring(MARIADB_PREFIX.length()) : url;
        }

        @Override
        String sessionIdSql() {
            return "SELECT CONNECTION_ID()";
        }

        @Override
        List<Long> endBlockers(Connection c, long waiter) throws SQLException {
            // connection ids are not reused while the server runs (a counter), and the waiter's own
            // connection shows the server did not restart since the ids were read
            List<Long> holders = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT blocking_pid FROM sys.innodb_lock_waits"
                    + " WHERE waiting_pid = ? AND blocking_pid NOT IN (SELECT waiting_pid FROM sys.innodb_lock_waits)")) {
                ps.setLong(1, waiter);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        holders.add(rs.getLong(1));
                    }
                }
            }
            List<Long> ended = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                for (long id : holders) {
                    try {
                        st.execute("KILL CONNECTION " + id);
                        ended.add(id);
                    } catch (SQLException e) {
                        if (e.getErrorCode() != 1094) { // unknown thread id: it ended meanwhile
                            throw e;
                        }
                    }
                }
            }
            return ended;
        }

        @Override
        void timeouts(Properties p, Duration connect, Duration timeout) {
            p.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toMillis())));
            p.setProperty("socketTimeout", Long.toString(Math.max(1, timeout.toMillis())));
            p.setProperty("tcpKeepAlive", "true");
            // Update counts are rows matched, not rows changed: a lease extension with an unchanged
            // deadline still reports that it applied.
            p.setProperty("useAffectedRows", "false");
            // Never let the driver silently truncate or convert: fail instead.
            p.setProperty("jdbcCompliantTruncation", "true");
            p.setProperty("cachePrepStmts", "true");
            // a group-commit batch of UPDATEs goes in one round trip (multi-statement), with per-statement counts
            p.setProperty("rewriteBatchedStatements", "true");
            // the server gives up a row-lock wait (whole seconds, at least 1) before the client's socket timeout
            p.setProperty("sessionVariables", "innodb_lock_wait_timeout=" + Math.max(1, lockWait(timeout).toSeconds()));
        }
    };

    /** MariaDB Connector/J's URL prefix, accepted by the MySQL dialect (same properties, same wire protocol). */
    static final String MARIADB_PREFIX = "jdbc:mariadb:";
    private final String providerName;
    private final String urlPrefix;
    private final String currentSchema;
    private final String nowMicros;
    private final String shareLock;

    Dialect(String providerName, String urlPrefix, String currentSchema, String nowMicros, String shareLock) {
        this.providerName = providerName;
        this.urlPrefix = urlPrefix;
        this.currentSchema = currentSchema;
        this.nowMicros = nowMicros;
        this.shareLock = shareLock;
    }

    /** @return an SQL expression: the database clock now, in microseconds since the epoch */
    String nowMicros() {
        return nowMicros;
    }

    /** @return the clause that takes a shared row lock in a SELECT (held until the transaction ends) */
    String shareLock() {
        return shareLock;
    }

    /** @return the provider name */
    String providerName() {
        return providerName;
    }

    /**
     * @param url a JDBC URL
     * @return true when this dialect's driver handles it
     */
    boolean supports(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith(urlPrefix);
    }

    /**
     * @param url a URL this dialect supports
     * @return the URL to hand to the driver (the same, except that MySQL reads {@code jdbc:mariadb:} as
     *     {@code jdbc:mysql:})
     */
    String driverUrl(String url) {
        return url;
    }

    /**
     * @param e a driver exception from connecting
     * @return true when the server says the database in the URL does not exist
     */
    abstract boolean isUnknownDatabase(SQLException e);

    /**
     * @param e a driver exception from connecting
     * @return true when the server refused the user or password
     */
    abstract boolean isAccessDenied(SQLException e);

    /** @return the server's port when a URL names none */
    abstract int defaultPort();

    /** @return an SQL expression naming the schema (PostgreSQL) or database (MySQL) in use */
    String currentSchema() {
        return currentSchema;
    }

    /**
     * @param version a schema version
     * @return the classpath resource (relative to this class) with the DDL migrating to it
     */
    String migrationResource(int version) {
        return "sql/" + providerName + "-" + version + ".sql";
    }

    /**
     * @param e a driver exception
     * @return true when it reports a unique key violation
     */
    abstract boolean isDuplicateKey(SQLException e);

    /**
     * @param e a driver exception
     * @return true for deadlocks and serialization failures, which succeed when retried
     */
    abstract boolean isTransient(SQLException e);

    /**
     * @param e a driver exception
     * @return true when the server ended the session (terminated/killed by another session), which
     *     rolls back its open transaction: nothing of it was committed
     */
    abstract boolean isSessionEnded(SQLException e);

    /**
     * @return true when a COMMIT that fails with {@link #isSessionEnded} was certainly not executed
     *     (the server ended the session before reading it)
     */
    abstract boolean endedSessionAnswersCommit();

    /** @return a query answering this session's server-side id (backend pid, connection id) */
    abstract String sessionIdSql();

    /**
     * Ends the sessions holding the locks that the session {@code waiter} waits for, except those that
     * are waiting for a lock themselves.
     *
     * @param c a connection other than the waiter's (autocommit)
     * @param waiter the server-side id of the waiting session
     * @return the ids of the sessions ended
     * @throws SQLException on database errors (e.g. missing privileges)
     */
    abstract List<Long> endBlockers(Connection c, long waiter) throws SQLException;

    /**
     * @param timeout the bound of one database round trip
     * @return the server-side bound on one lock wait: shorter than the round-trip bound, so the
     *     server's "lock timeout" error arrives before the client's socket timeout
     */
    static Duration lockWait(Duration timeout) {
        Duration d = timeout.compareTo(Duration.ofSeconds(2)) > 0 ? timeout.minusSeconds(1) : timeout.dividedBy(2);
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }

    /**
     * Adds the driver properties that bound connecting and every socket read.
     *
     * @param p the driver properties
     * @param connect connect timeout
     * @param timeout the bound for any one database round trip
     */
    abstract void timeouts(Properties p, Duration connect, Duration timeout);
}
