package ppacer.store.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Everything that differs between PostgreSQL and MySQL/MariaDB, and nothing else: DDL (schema
 * resources), driver timeout properties, the current-schema expression and how errors are classified.
 * The queries themselves are portable SQL.
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
        void timeouts(Properties p, Duration connect, Duration timeout) {
            // pgJDBC takes seconds; at least 1, since 0 means "no timeout".
            p.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toSeconds())));
            p.setProperty("loginTimeout", Long.toString(Math.max(1, connect.toSeconds())));
            p.setProperty("socketTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
            p.setProperty("tcpKeepAlive", "true");
            // pgJDBC turns a statement run 5 times on a connection into a server-prepared one, and the
            // server then keeps a generic plan planned from the statistics of that moment. A set-based
            // UPDATE ... FROM unnest(...) planned while a table was still small keeps a hash join over
            // a sequential scan for the connection's life: every batch then reads the whole table (a
            // burn-down slowed from 5 to 15 ms per batch as the tables grew). Custom plans are planned
            // with the current table size and the array lengths (PostgreSQL 12 and later).
            p.setProperty("options", "-c plan_cache_mode=force_custom_plan");
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
        }
    };

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
     * Adds the driver properties that bound connecting and every socket read.
     *
     * @param p the driver properties
     * @param connect connect timeout
     * @param timeout the bound for any one database round trip
     */
    abstract void timeouts(Properties p, Duration connect, Duration timeout);
}
