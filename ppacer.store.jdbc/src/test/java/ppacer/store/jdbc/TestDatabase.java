package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;

/**
 * A fresh schema (PostgreSQL) or database (MySQL/MariaDB) on a server of this machine, dropped by
 * {@link #drop()}. An unreachable server skips the test, naming the URL, unless {@code CI=true}.
 */
final class TestDatabase {
    static final String PG_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String MYSQL_DEFAULT = "jdbc:mysql://127.0.0.1:3306/test?user=root";

    final Dialect dialect;
    final String adminUrl;
    final String name;
    final String url;

    private TestDatabase(Dialect dialect, String adminUrl, String name, String url) {
        this.dialect = dialect;
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
    }

    static String adminUrl(Dialect d) {
        String env = System.getenv(d == Dialect.POSTGRESQL ? "PPACER_PG_URL" : "PPACER_MYSQL_URL");
        return env != null && !env.isBlank() ? env : d == Dialect.POSTGRESQL ? PG_DEFAULT : MYSQL_DEFAULT;
    }

    /**
     * Creates a fresh schema/database; skips (or fails on CI) when the server is unreachable.
     *
     * @param d the dialect
     * @return the database
     */
    static TestDatabase create(Dialect d) {
        String admin = adminUrl(d);
        String name = "ppacer_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute(d == Dialect.POSTGRESQL ? "CREATE SCHEMA " + name : "CREATE DATABASE " + name);
        } catch (SQLException e) {
            String msg = d.providerName() + " server unreachable at " + StoreConfig.redact(admin) + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            assumeTrue(false, msg);
        }
        return new TestDatabase(d, admin, name, storeUrl(d, admin, name));
    }

    private static String storeUrl(Dialect d, String admin, String name) {
        if (d == Dialect.POSTGRESQL) {
            // the application name tells this test's sessions from those of other tests on the server
            return admin + (admin.contains("?") ? "&" : "?") + "currentSchema=" + name + "&ApplicationName=" + name;
        }
        // jdbc:mysql://host:port/db?params -> same with db replaced
        int slash = admin.indexOf('/', "jdbc:mysql://".length());
        int q = admin.indexOf('?', slash);
        return admin.substring(0, slash + 1) + name + (q < 0 ? "" : admin.substring(q));
    }

    /** @return a config for the fresh database */
    StoreConfig config() {
        return StoreConfig.of(url);
    }

    /** @return a store on the fresh database */
    Store open() {
        return Stores.open(config());
    }

    /**
     * Runs SQL on the fresh schema/database through a separate admin connection.
     *
     * @param sql statements
     */
    void exec(String... sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills every session of this test's store (PostgreSQL: by its application name; MySQL: on its
     * database) from a separate admin connection, leaving other tests' sessions on the server alone.
     *
     * @return how many sessions were killed
     */
    int killSessions() {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                int n = 0;
                try (var rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND application_name = '" + name + "' AND pid <> pg_backend_pid()")) {
                    while (rs.next()) {
                        n++;
                    }
                }
                return n;
            }
            List<Long> ids = new ArrayList<>();
            try (var rs = st.executeQuery("SELECT id FROM information_schema.processlist WHERE db = '" + name
                    + "' AND id <> CONNECTION_ID()")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try {
                    st.execute("KILL " + id);
                } catch (SQLException e) {
                    // already gone
                }
            }
            return ids.size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the schema/database. */
    void drop() {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            st.execute(dialect == Dialect.POSTGRESQL ? "DROP SCHEMA " + name + " CASCADE" : "DROP DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop " + name, e);
        }
    }
}
