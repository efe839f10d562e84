package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;
import ppacer.store.tck.SmallDisk;

/**
 * Readiness follows whether the store accepts writes: on a really full disk (a small tmpfs, filled
 * up) a failed write turns {@code /health/ready} DOWN (503, naming the store's error), and once the
 * disk is freed it is UP again, without a restart and without any other write.
 */
class ReadinessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void readiness_is_down_while_the_store_fails_writes_and_up_again_after_recovery() throws Exception {
        Dag single = Dag.builder("single").root(Node.of(new Tasks().ok("only"))).build();
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("mnt"), "8m");
             ApiHarness api = new ApiHarness(disk.dir(), DagRegistry.of(single), Optional.empty(), false)) {
            ApiHarness.Answer ready = api.get("/health/ready");
            assertEquals(200, ready.status(), ready.body());

            // an empty WAL and a disk without a free byte: the next write cannot append a single frame
            emptyTheWal(disk.dir().resolve("api.db"));
            disk.fill();
            ApiHarness.Answer trigger = api.post("/dag/run/trigger", "{\"dagId\":\"single\"}");
            assertEquals(503, trigger.status(), trigger.body());

            ApiHarness.Answer down = api.get("/health/ready");
            assertEquals(503, down.status(), down.body());
            assertTrue(down.body().contains("\"writes\":\"failing\""), down.body());
            assertTrue(down.body().contains("api.db") && down.body().contains("SQLITE_FULL"),
                    "the reason names the store and its error: " + down.body());
            assertEquals(200, api.get("/health/live").status(), "alive all along");

            disk.free();
            ApiHarness.Answer up = api.get("/health/ready"); // the readiness check's own probe write succeeds
            assertEquals(200, up.status(), up.body());
            assertTrue(up.body().contains("\"writes\":\"accepting\""), up.body());
            ApiHarness.Answer again = api.post("/dag/run/trigger", "{\"dagId\":\"single\"}");
            assertEquals(200, again.status(), again.body());
        }
    }

    /** Checkpoints the whole WAL into the database and truncates it to zero bytes (retried while busy). */
    private static void emptyTheWal(Path db) {
        Await.until(WAIT, () -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                return rs.next() && rs.getInt(1) == 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "the WAL of " + db + " could not be truncated");
    }
}
