package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.T0;
import static ppacer.store.tck.Fixtures.key;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.TaskLogRecord;

/** Startup refuses a damaged SQLite file (PRAGMA quick_check, bounded in time) and names what is wrong. */
class SqliteIntegrityCheckTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void a_file_with_20_corrupted_pages_is_refused_naming_the_file_and_what_quick_check_found() throws IOException {
        Path file = dir.resolve("ppacer.db");
        fill(file);
        corrupt(file, 20);
        StoreException e = assertThrows(StoreException.class,
                () -> new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + file)).close());
        assertTrue(e.getMessage().contains("'" + file + "' is damaged"), e.getMessage());
        assertTrue(e.getMessage().matches(".*PRAGMA quick_check found: .*[Pp]age \\d+.*"),
                "the findings, naming pages, on one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("backup"), "says what to do: " + e.getMessage());
    }

    @Test
    void a_healthy_file_passes_the_check_and_opens() throws IOException {
        Path file = dir.resolve("ppacer.db");
        fill(file);
        try (Store store = new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + file))) {
            assertEquals(2000, store.taskLogs().read(key(1, "t", 0), 0, 1).total());
        }
    }

    @Test
    void a_check_that_runs_out_of_time_stops_and_leaves_the_file_alone() throws Exception {
        Path file = dir.resolve("ppacer.db");
        fill(file);
        try (var c = new SqliteTarget("jdbc:sqlite:" + file, file.toString(), false,
                org.sqlite.SQLiteConfig.SynchronousMode.NORMAL, Duration.ofSeconds(5)).open(true)) {
            assertInstanceOf(IntegrityCheck.Result.Unfinished.class, IntegrityCheck.run(c, Duration.ZERO));
            assertInstanceOf(IntegrityCheck.Result.Passed.class, IntegrityCheck.run(c, Duration.ofMinutes(5)));
        }
    }

    /** A store file of a few hundred pages, closed (its WAL checkpointed into it). */
    private static void fill(Path file) {
        try (Store store = new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + file))) {
            List<TaskLogRecord> records = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                records.add(new TaskLogRecord(key(1, "t", 0), T0.plusSeconds(i), "INFO", "line " + i + " " + "y".repeat(900), "{}"));
            }
            store.taskLogs().append(records);
        }
    }

    /** Overwrites {@code n} pages spread over the file (never page 1, the header) with garbage. */
    static void corrupt(Path file, int n) throws IOException {
        long pages = Files.size(file) / PAGE;
        assertTrue(pages > 2L * n, "the file has " + pages + " pages");
        Random random = new Random(14);
        byte[] garbage = new byte[PAGE];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 1; i <= n; i++) {
                random.nextBytes(garbage);
                raf.seek(i * (pages - 1) / (n + 1) * PAGE + PAGE);
                raf.write(garbage);
            }
        }
    }
}
