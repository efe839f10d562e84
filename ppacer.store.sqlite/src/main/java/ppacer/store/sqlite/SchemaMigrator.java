package ppacer.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.List;
import java.util.TreeSet;
import ppacer.api.spi.StoreException;

/**
 * Creates or forward-migrates the schema, recorded in the {@code schema_version} table. Refuses a
 * database written by a newer ppacer, and a SQLite file that is not a ppacer database.
 */
final class SchemaMigrator {
    private static final System.Logger LOG = System.getLogger(SchemaMigrator.class.getName());

    private final List<Migration> migrations;
    private final InstantSource clock;

    /**
     * @param migrations the migrations, by increasing version
     * @param clock stamps {@code schema_version.applied_at}
     */
    SchemaMigrator(List<Migration> migrations, InstantSource clock) {
        this.migrations = List.copyOf(migrations);
        this.clock = clock;
    }

    /** @return the version the last migration produces */
    int supportedVersion() {
        return migrations.getLast().version();
    }

    /**
     * Brings the database to {@link #supportedVersion()}, in one immediate transaction.
     *
     * @param session an auto-commit connection
     * @param name the database name for messages
     * @return the version found before migrating (0 for a new database)
     * @throws SQLException when a statement fails
     * @throws StoreException when the database is newer or not a ppacer database
     */
    int migrate(Session session, String name) throws SQLException {
        try (Statement st = session.connection().createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                int found = currentVersion(session, name);
                if (found == 0 && tables(session).isEmpty()) {
                    st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
                }
                for (Migration m : migrations) {
                    if (m.version() > found) {
                        LOG.log(System.Logger.Level.INFO, "Migrating ''{0}'' to schema version {1}", name, m.version());
                        m.work().run(session);
                        try (PreparedStatement ps = session.connection().prepareStatement(
                                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                            ps.setInt(1, m.version());
                            ps.setLong(2, Sql.micros(clock.instant()));
                            ps.executeUpdate();
                        }
                    }
                }
                st.execute("COMMIT");
                return found;
            } catch (SQLException | RuntimeException e) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        }
    }

    private int currentVersion(Session session, String name) throws SQLException {
        TreeSet<String> tables = tables(session);
        if (!tables.contains("schema_version")) {
            if (!tables.isEmpty()) {
                throw new StoreException("'" + name + "' is not a ppacer database: it has tables " + tables
                        + " but no schema_version table");
            }
            return 0;
        }
        int version;
        try (Statement st = session.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > supportedVersion()) {
            throw new StoreException("Database '" + name + "': schema version " + version
                    + " is newer than this ppacer supports (" + supportedVersion() + "); upgrade ppacer");
        }
        return version;
    }

    private static TreeSet<String> tables(Session session) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (Statement st = session.connection().createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
