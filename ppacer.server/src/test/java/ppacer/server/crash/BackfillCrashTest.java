package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.BackfillRecord;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * Issue 18: a scheduler process killed with SIGKILL in the middle of a backfill, then started again
 * on the same SQLite file: the backfill goes on from its stored cursor and ends SUCCEEDED, every
 * logical time of the range has exactly one run, none was skipped.
 */
class BackfillCrashTest {
    private static final Duration WAIT = ChildJvms.WAIT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DAYS = 91; // 2024-01-01 .. 2024-03-31

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

    private Path db() {
        return dir.resolve("backfill.db");
    }

    private static JsonNode backfill(SchedulerClient client, long id) {
        try {
            return JSON.readTree(client.getJson("/backfills/" + id));
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode().put("error", e.toString());
        }
    }

    @Test
    void a_killed_scheduler_resumes_the_backfill_and_no_logical_time_gets_two_runs() throws Exception {
        SchedulerClient first = children.start("first", BackfillProcessMain.class, db().toString());
        Process firstProcess = children.last();
        long id = JSON.readTree(first.postJson("/dags/daily/backfills", Map.of("from", "2024-01-01", "to", "2024-03-31",
                "maxActive", 4))).path("id").asLong();
        Await.until(WAIT, () -> backfill(first, id).path("created").asInt() >= 12,
                () -> "a dozen runs created: " + backfill(first, id) + "\n" + children.log("first"));
        firstProcess.destroyForcibly(); // SIGKILL in the middle of the backfill
        firstProcess.waitFor();
        int createdBefore;
        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + db()))) {
            BackfillRecord b = s.backfills().find(id).orElseThrow();
            createdBefore = b.created();
            assertEquals(BackfillState.RUNNING, b.state());
            assertTrue(createdBefore < DAYS, "killed before the end: " + b);
            assertEquals(createdBefore, runs(s).size(), "every created point has its run, no other");
        }

        SchedulerClient second = children.start("second", BackfillProcessMain.class, db().toString());
        Process secondProcess = children.last();
        Await.until(WAIT, () -> Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(backfill(second, id).path("state").asText()),
                () -> "the backfill to end after the restart: " + backfill(second, id) + "\n" + children.log("second"));
        assertEquals("SUCCEEDED", backfill(second, id).path("state").asText(), backfill(second, id).toString());
        secondProcess.destroy();
        secondProcess.waitFor();

        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + db()))) {
            List<DagRunRecord> runs = runs(s);
            assertEquals(DAYS, runs.size(), "one run per day");
            TreeSet<Instant> times = new TreeSet<>();
            runs.forEach(r -> times.add(r.logicalTime()));
            assertEquals(DAYS, times.size(), "no logical time twice");
            assertEquals(Instant.parse("2024-01-01T00:00:00Z"), times.first());
            assertEquals(Instant.parse("2024-03-31T00:00:00Z"), times.last());
            assertTrue(runs.stream().allMatch(r -> r.status() == DagRunStatus.SUCCESS && r.trigger() == ScheduleEventType.BACKFILL),
                    runs.toString());
            BackfillRecord b = s.backfills().find(id).orElseThrow();
            assertEquals(BackfillState.SUCCEEDED, b.state());
            assertEquals(DAYS, b.created());
            assertEquals(0, b.skipped());
            assertEquals(Optional.empty(), b.cursor());
        }
    }

    private static List<DagRunRecord> runs(Store s) {
        return s.dagRuns().recent(Optional.of("daily"), Optional.empty(), 10_000).stream().map(DagRunSummary::run).toList();
    }
}
