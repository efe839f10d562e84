package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * Issue 19: a scheduler process killed with SIGKILL between an asset event's acknowledgement (the
 * 201 of {@code POST /assets/x/events}) and the creation of the consumer's run. The event was stored
 * before the 201; the restarted scheduler creates the consumer's run exactly once, and a second kill
 * right after that run's creation does not create another one.
 */
class AssetCrashTest {
    private static final Duration WAIT = ChildJvms.WAIT;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ChildJvms children;

    @BeforeEach
    void children() {
        children = new ChildJvms(dir);
    }

    @AfterEach
    void stop() {
        children.close();
    }

    private SchedulerClient start(String name) throws IOException {
        return children.start(name, AssetSchedulerMain.class, dir.resolve("assets.db").toString());
    }

    private static JsonNode get(SchedulerClient c, String path) {
        try {
            return JSON.readTree(c.getJson(path));
        } catch (IOException e) {
            throw new AssertionError(path + ": " + e, e);
        }
    }

    private static int consumerRuns(SchedulerClient c) {
        return get(c, "/dags/consumer/runs?limit=200").size();
    }

    private void kill() throws InterruptedException {
        Process p = children.last();
        p.destroyForcibly(); // SIGKILL: nothing written on the way out
        p.waitFor();
    }

    @Test
    void a_kill_between_the_acknowledged_event_and_the_run_creates_the_run_exactly_once() throws Exception {
        SchedulerClient first = start("first");
        first.postJson("/dags/consumer/pause", Map.of()); // the run cannot be created before the kill
        JsonNode posted = JSON.readTree(first.postJson("/assets/x/events", Map.of("idempotencyKey", "drop-1")));
        assertTrue(posted.path("created").asBoolean(), posted.toString());
        kill();

        SchedulerClient second = start("second");
        assertEquals(0, consumerRuns(second));
        assertEquals(1, get(second, "/dags/consumer").path("assets").path("pendingEvents").size(), "the event survived");
        second.postJson("/dags/consumer/unpause", Map.of());
        Await.until(WAIT, () -> consumerRuns(second) == 1, () -> "runs: " + get(second, "/dags/consumer/runs"));
        kill(); // right after the run's creation

        SchedulerClient third = start("third");
        JsonNode again = JSON.readTree(third.postJson("/assets/x/events", Map.of("idempotencyKey", "drop-1")));
        assertEquals(false, again.path("created").asBoolean(), "the key survived two kills: " + again);
        assertEquals(posted.path("event").path("id"), again.path("event").path("id"));
        // the third scheduler's passes (start, the post) see the event consumed: no second run
        third.postJson("/dags/producer/pause", Map.of());
        third.postJson("/dags/producer/unpause", Map.of());
        assertEquals(0, get(third, "/dags/consumer").path("assets").path("pendingEvents").size());
        assertEquals(1, consumerRuns(third), "exactly one run across two kills: " + get(third, "/dags/consumer/runs"));
    }

    @Test
    void a_kill_at_any_moment_after_the_acknowledgement_leaves_exactly_one_run() throws Exception {
        SchedulerClient first = start("first");
        JsonNode posted = JSON.readTree(first.postJson("/assets/x/events", Map.of()));
        assertTrue(posted.path("created").asBoolean(), posted.toString());
        kill(); // the run may or may not exist yet: the watcher races the kill

        SchedulerClient second = start("second");
        Await.until(WAIT, () -> consumerRuns(second) == 1 && get(second, "/dags/consumer").path("assets")
                .path("pendingEvents").isEmpty(), () -> "runs: " + get(second, "/dags/consumer/runs"));
        assertEquals(1, consumerRuns(second));
    }
}
