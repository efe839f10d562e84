package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.store.tck.Fixtures;

/** Schema creation, forward migration, and refusal of newer or foreign databases. */
class SqliteSchemaTest {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.123456Z");

    @TempDir
    Path dir;

    private StoreConfig config(Path file) {
        return new StoreConfig("jdbc:sqlite:" + file, Map.of(), InstantSource.fixed(NOW));
    }

    private static List<List<Object>> query(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void a_new_file_gets_the_current_schema_version_and_wal() throws SQLException {
        Path file = dir.resolve("new.db");
        new SqliteStoreProvider().open(config(file)).close();
        assertEquals(List.of(List.of(1, Sql.micros(NOW))), query(file, "SELECT version, applied_at FROM schema_version"));
        assertEquals(List.of(List.of("wal")), query(file, "PRAGMA journal_mode"));
        new SqliteStoreProvider().open(config(file)).close();
        assertEquals(1, query(file, "SELECT * FROM schema_version").size(), "reopening migrates nothing");
    }

    @Test
    void a_database_from_a_newer_ppacer_is_refused() throws SQLException {
        Path file = dir.resolve("newer.db");
        new SqliteStoreProvider().open(config(file)).close();
        execute(file, "INSERT INTO schema_version (version, applied_at) VALUES (7, 0)");
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertEquals("Database '" + file + "': schema version 7 is newer than this ppacer supports (1); upgrade ppacer",
                e.getMessage());
    }

    @Test
    void a_sqlite_file_of_another_application_is_refused() throws SQLException {
        Path file = dir.resolve("other.db");
        execute(file, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertEquals("'" + file + "' is not a ppacer database: it has tables [invoices] but no schema_version table",
                e.getMessage());
        assertEquals(List.of(List.of("invoices")), query(file, "SELECT name FROM sqlite_schema WHERE type = 'table'"),
                "the foreign file is left untouched");
    }

    @Test
    void a_file_that_is_not_sqlite_is_refused() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "These are my notes, not a database. ".repeat(200));
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertTrue(e.getMessage().startsWith("'" + file + "' is not a ppacer database: "), e.getMessage());
    }

    @Test
    void an_older_schema_is_migrated_forward_keeping_data() throws SQLException {
        Path file = dir.resolve("old.db");
        try (Store v1 = new SqliteStoreProvider().open(config(file))) {
            v1.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            v1.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        List<Migration> next = new ArrayList<>(Migration.ALL);
        next.add(new Migration(2, s -> {
            try (Statement st = s.connection().createStatement()) {
                st.execute("ALTER TABLE dag_runs ADD COLUMN note TEXT NOT NULL DEFAULT 'migrated'");
            }
            return null;
        }));
        try (Store v2 = SqliteStoreProvider.open(config(file), new SchemaMigrator(next, InstantSource.fixed(NOW)))) {
            assertEquals(Fixtures.T0, v2.dagRuns().latest(Fixtures.ETL).orElseThrow().logicalTime());
        }
        assertEquals(List.of(List.of(1), List.of(2)), query(file, "SELECT version FROM schema_version ORDER BY version"));
        assertEquals(List.of(List.of("migrated")), query(file, "SELECT note FROM dag_runs"));
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertTrue(e.getMessage().contains("schema version 2 is newer than this ppacer supports (1)"), e.getMessage());
    }

    @Test
    void options_are_checked_and_full_sync_is_accepted() throws SQLException {
        Path file = dir.resolve("full.db");
        StoreException e = assertThrows(StoreException.class,
                () -> new SqliteStoreProvider().open(config(file).with("synchronous", "OFF")));
        assertEquals("Store option 'synchronous' must be NORMAL or FULL, was 'OFF'", e.getMessage());
        StoreException typo = assertThrows(StoreException.class,
                () -> new SqliteStoreProvider().open(config(file).with("synchronus", "FULL")));
        assertEquals("Unknown store option 'synchronus' for sqlite; expected [checkpointEvery, groupCommitMax, poolSize, "
                + "quickCheckTimeout, synchronous, timeout]", typo.getMessage());
        assertFalse(java.nio.file.Files.exists(file), "nothing was created for a refused config");
        try (Store s = new SqliteStoreProvider().open(config(file).with("synchronous", "full"))) {
            s.dags().sync(Fixtures.standardDags(), NOW);
        }
        assertEquals(3, query(file, "SELECT * FROM dags").size());
    }

    @Test
    void shared_cache_memory_url_works_and_closed_store_refuses_calls() {
        Store s = new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:file:schema-test?mode=memory&cache=shared"));
        s.dags().sync(Fixtures.standardDags(), NOW);
        assertEquals(3, s.dags().list().size());
        s.close();
        StoreException e = assertThrows(StoreException.class, () -> s.dags().list());
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }
}
