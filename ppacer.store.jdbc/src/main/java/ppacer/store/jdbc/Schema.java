package ppacer.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import ppacer.api.spi.StoreException;

/**
 * Creates and migrates the schema. {@code schema_version} holds one row per applied migration;
 * migrations are the resources {@code sql/<dialect>-<version>.sql}, applied in order. A database with
 * a newer version than this code knows, or with ppacer tables but no {@code schema_version}, is refused.
 */
final class Schema {
    /** The schema version this code reads and writes. */
    static final int CURRENT = 14;
    /** Tables of schema version 1; finding any of them without {@code schema_version} is refused. */
    static final List<String> TABLES = List.of("dags", "dag_tasks", "dag_runs", "dag_run_restarts", "task_attempts",
            "schedule_events", "task_logs");
    private static final System.Logger LOG = System.getLogger(Schema.class.getName());

    private Schema() {
    }

    /**
     * Brings the schema to {@link #CURRENT}.
     *
     * @param c a connection (autocommit on)
     * @param dialect the dialect
     * @param failures for messages
     * @param clock stamps {@code applied_at}
     * @return the version found before migrating (0 for an empty database)
     * @throws SQLException on database errors
     */
    static int migrate(Connection c, Dialect dialect, Failures failures, InstantSource clock) throws SQLException {
        return migrate(c, dialect, failures, clock, CURRENT);
    }

    /**
     * Brings the schema to {@code target}, as the code of that version did (tests build older databases with it).
     *
     * @param c a connection (autocommit on)
     * @param dialect the dialect
     * @param failures for messages
     * @param clock stamps {@code applied_at}
     * @param target the version to reach, at most {@link #CURRENT}; a database newer than it is refused
     * @return the version found before migrating (0 for an empty database)
     * @throws SQLException on database errors
     */
    static int migrate(Connection c, Dialect dialect, Failures failures, InstantSource clock, int target)
            throws SQLException {
        if (target < 1 || target > CURRENT) {
            throw new IllegalArgumentException("Schema version " + target + " is not one of 1.." + CURRENT);
        }
        Set<String> tables = tables(c, dialect);
        int found;
        if (tables.contains("schema_version")) {
            found = version(c);
        } else {
            List<String> present = TABLES.stream().filter(tables::contains).toList();
            if (!present.isEmpty()) {
                throw new StoreException("The database of " + failures.store() + " has ppacer tables " + present
                        + " but no schema_version table, so its schema version is unknown; refusing to use it. "
                        + "Point the store at an empty schema/database or restore schema_version.");
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            found = 0;
        }
        if (found > target) {
            throw new StoreException("The database of " + failures.store() + " has schema version " + found
                    + ", newer than the newest this ppacer knows (" + target + "); upgrade ppacer to use it.");
        }
        for (int v = found + 1; v <= target; v++) {
            apply(c, dialect, v, clock);
            LOG.log(Level.INFO, "Migrated {0} to schema version {1}", failures.store(), v);
        }
        return found;
    }

    private static void apply(Connection c, Dialect dialect, int version, InstantSource clock) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // transactional DDL on PostgreSQL; MySQL commits each DDL statement itself
        try {
            try (Statement st = c.createStatement()) {
                for (String sql : statements(dialect.migrationResource(version))) {
                    st.execute(sql);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                ps.setInt(1, version);
                ps.setLong(2, Micros.of(clock.instant()));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Set<String> tables(Connection c, Dialect dialect) throws SQLException {
        Set<String> names = new HashSet<>();
        String sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = " + dialect.currentSchema();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * @param resource a migration resource
     * @return its statements (split on {@code ;} at line ends; {@code --} comment lines dropped)
     */
    static List<String> statements(String resource) {
        String text;
        try (InputStream in = Schema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema resource " + resource + " in ppacer.store.jdbc");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read schema resource " + resource, e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            cur.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String s = cur.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
