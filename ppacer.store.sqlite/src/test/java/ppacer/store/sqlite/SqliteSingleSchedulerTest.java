package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;

/** SQLite serves one scheduler: a second lease holder on the same file is refused until the first closes. */
class SqliteSingleSchedulerTest {
    @TempDir
    Path dir;

    private Store open() {
        return new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("ppacer.db")));
    }

    @Test
    void a_second_scheduler_on_the_same_file_is_refused_with_a_clear_message() {
        Store first = open();
        try (Store second = open()) {
            assertFalse(first.leadership().shared());
            assertTrue(first.leadership().tryAcquire("a", "", Duration.ofSeconds(5)).isPresent());
            StoreException e = assertThrows(StoreException.class,
                    () -> second.leadership().tryAcquire("b", "", Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("already used by another scheduler")
                    && e.getMessage().contains("ppacer.db.lock"), e.getMessage());
            assertTrue(second.dags().list().isEmpty(), "the refused store still reads");
            first.close();
            assertTrue(second.leadership().tryAcquire("b", "", Duration.ofSeconds(5)).isPresent(),
                    "the lock goes with the store that held it");
        } finally {
            first.close();
        }
    }
}
