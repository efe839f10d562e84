package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.TaskLogRecord;
import ppacer.store.tck.Fixtures;

/** Incremental auto-vacuum: new files get it, older ones keep theirs, and a purge's pages go back to the file system. */
class SqliteReclaimTest {
    @TempDir
    Path dir;

    private static StoreConfig config(Path file) {
        return new StoreConfig("jdbc:sqlite:" + file, Map.of(), InstantSource.fixed(Fixtures.T0));
    }

    private static long pragma(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void a_new_file_is_incremental_and_an_older_file_keeps_its_mode() throws SQLException {
        Path fresh = dir.resolve("fresh.db");
        new SqliteStoreProvider().open(config(fresh)).close();
        assertEquals(AutoVacuum.INCREMENTAL, pragma(fresh, "PRAGMA auto_vacuum"));
        Path older = dir.resolve("older.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + older); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE other_app (x INTEGER)"); // a file with tables, as an older ppacer left it
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + older)) {
            AutoVacuum.enable(new Session(c), older.toString());
        }
        assertEquals(0, pragma(older, "PRAGMA auto_vacuum"), "switching needs a full VACUUM: left to the operator");
    }

    @Test
    void purging_and_reclaiming_shrinks_the_file() throws Exception {
        Path file = dir.resolve("grow.db");
        String line = "x".repeat(2000);
        try (Store store = new SqliteStoreProvider().open(config(file))) {
            store.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            for (int i = 0; i < 200; i++) {
                long run = store.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.t(i)));
                store.attempts().insert(List.of(Fixtures.attempt(run, "extract", 0, Fixtures.t(i))));
                List<TaskLogRecord> logs = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    logs.add(new TaskLogRecord(Fixtures.key(run, "extract", 0), Fixtures.t(i), "INFO", line, "{}"));
                }
                store.taskLogs().append(logs);
                assertTrue(store.dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, Fixtures.t(i)));
            }
            long pagesBefore = pragma(file, "PRAGMA page_count");
            PurgeCriteria all = new PurgeCriteria(Fixtures.t(10_000), Optional.empty(), 0, 50);
            PurgeResult total = PurgeResult.NONE;
            for (PurgeResult b = store.purgeRuns(all); b.runs() > 0; b = store.purgeRuns(all)) {
                total = total.plus(b);
            }
            assertEquals(200, total.runs());
            assertEquals(100, store.reclaimSpace(100), "one call hands back as many pages as asked while more are free");
            long freed = 100;
            for (long n = store.reclaimSpace(100); n > 0; n = store.reclaimSpace(100)) {
                freed += n;
            }
            assertTrue(freed > 500, "4 MB of logs free more than 500 pages of 4 KiB, freed " + freed);
            long pagesAfter = pragma(file, "PRAGMA page_count");
            assertTrue(pagesAfter < pagesBefore - 500, "pages " + pagesBefore + " -> " + pagesAfter);
        }
        long bytes = Files.size(file);
        assertTrue(bytes < 2_000_000, "the closed file holds no freed pages: " + bytes + " bytes");
    }
}
