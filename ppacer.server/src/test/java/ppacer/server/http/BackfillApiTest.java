package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.schedule.Schedule;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * The backfill API: create (and dry run), read, list, cancel, pause, resume, and every bad input
 * answered with a 4xx JSON error that names the value, with nothing created.
 */
class BackfillApiTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(dir, DagRegistry.of(
                Dag.builder("daily").schedule(Schedule.every(Duration.ofDays(1), START)).catchUp(false)
                        .root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("warsaw").schedule(Schedule.cron("0 0 * * *", ZoneId.of("Europe/Warsaw")).startingAt(START))
                        .catchUp(false).root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("often").schedule(Schedule.every(Duration.ofSeconds(1), START)).catchUp(false)
                        .root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("manual").root(Node.of(tasks.ok("t"))).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private int backfillCount(String dagId) {
        ApiHarness.Answer list = api.get("/dags/" + dagId + "/backfills");
        assertEquals(200, list.status(), list.body());
        return list.json().size();
    }

    @Test
    void a_backfill_is_created_read_listed_paused_resumed_and_cancelled() {
        ApiHarness.Answer created = api.post("/dags/daily/backfills",
                "{\"from\":\"2024-01-01\",\"to\":\"2024-01-10\",\"maxActive\":2,\"params\":{\"k\":1},\"createdBy\":\"cli\"}");
        assertEquals(200, created.status(), created.body());
        JsonNode b = created.json();
        long id = b.get("id").asLong();
        assertEquals("daily", b.get("dagId").asText());
        assertEquals(10, b.get("total").asInt());
        assertEquals("RUNNING", b.get("state").asText());
        assertEquals("NONE", b.get("reprocess").asText());
        assertEquals("cli", b.get("createdBy").asText());
        assertEquals(1, b.get("params").get("k").asInt());

        // no executor takes the runs: the backfill stops at max-active unfinished runs
        Await.until(Duration.ofSeconds(60), () -> api.get("/backfills/" + id).json().get("created").asInt() == 2,
                () -> "two runs created: " + api.get("/backfills/" + id).body());
        JsonNode read = api.get("/backfills/" + id).json();
        assertEquals(2, read.get("runsUnfinished").asInt());
        assertEquals(0, read.get("done").asInt());
        assertTrue(read.get("cursor").asText().startsWith("2024-01-03"), read.toString());

        ApiHarness.Answer list = api.get("/dags/daily/backfills");
        assertEquals(List.of(id), List.of(list.json().get(0).get("id").asLong()));

        assertEquals("PAUSED", api.post("/backfills/" + id + "/pause", "").json().get("state").asText());
        ApiHarness.Answer again = api.post("/backfills/" + id + "/pause", "");
        assertEquals(409, again.status(), again.body());
        assertTrue(again.error().contains("is PAUSED"), again.body());
        assertEquals("RUNNING", api.post("/backfills/" + id + "/resume", "").json().get("state").asText());
        ApiHarness.Answer badFlag = api.post("/backfills/" + id + "/cancel?cancelRuns=maybe", "");
        assertEquals(400, badFlag.status(), badFlag.body());
        assertEquals("cancelRuns", badFlag.field());
        JsonNode cancelled = api.post("/backfills/" + id + "/cancel?cancelRuns=true", "").json();
        assertEquals("CANCELLED", cancelled.get("state").asText());
        assertEquals(2, cancelled.get("created").asInt());
        assertEquals(0, cancelled.get("runsUnfinished").asInt(), "its runs were cancelled: " + cancelled);
        assertEquals(2, cancelled.get("runsFailed").asInt());
        assertEquals(409, api.post("/backfills/" + id + "/resume", "").status());
        assertEquals(404, api.get("/backfills/999999").status());
        assertEquals(400, api.get("/backfills/abc").status());
    }

    @Test
    void a_dry_run_lists_the_logical_times_and_creates_nothing() {
        api.scheduler.trigger("daily", "{}", Instant.parse("2024-01-02T00:00:00Z"));
        ApiHarness.Answer plan = api.post("/dags/daily/backfills",
                "{\"from\":\"2024-01-01T00:00:00Z\",\"to\":\"2024-01-03T00:00:00Z\",\"dryRun\":true,\"reverse\":true}");
        assertEquals(200, plan.status(), plan.body());
        assertEquals(3, plan.json().get("total").asInt());
        assertEquals(2, plan.json().get("create").size());
        assertTrue(texts(plan.json().get("create")).get(0).startsWith("2024-01-03"), "reverse: latest first");
        assertTrue(texts(plan.json().get("skip")).get(0).startsWith("2024-01-02"), "a run exists: skipped");
        assertEquals(List.of(), texts(plan.json().get("rerun")));
        assertEquals(0, backfillCount("daily"));
    }

    @Test
    void a_date_is_the_start_of_that_day_in_the_dag_zone() {
        ApiHarness.Answer plan = api.post("/dags/warsaw/backfills",
                "{\"from\":\"2024-06-01\",\"to\":\"2024-06-02\",\"dryRun\":true}");
        assertEquals(200, plan.status(), plan.body());
        // midnight in Warsaw on 1 and 2 June (22:00 UTC the day before)
        List<String> create = texts(plan.json().get("create"));
        assertEquals(2, create.size(), create.toString());
    }

    @Test
    void a_paused_dag_is_allowed_and_said() {
        api.scheduler.pause("daily");
        ApiHarness.Answer created = api.post("/dags/daily/backfills", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-02\"}");
        assertEquals(200, created.status(), created.body());
        assertEquals("DAG 'daily' is paused: the backfill creates no run until it is unpaused",
                created.json().get("notes").get(0).asText());
    }

    private void refused(String dagId, String body, int status, String field, String contains) {
        ApiHarness.Answer a = api.post("/dags/" + dagId + "/backfills", body);
        assertEquals(status, a.status(), a.body());
        assertTrue(a.error().contains(contains), a.body());
        if (field != null) {
            assertEquals(field, a.field(), a.body());
        }
    }

    @Test
    void bad_input_is_refused_with_a_4xx_and_nothing_is_created() {
        refused("daily", "{\"from\":\"2024-01-05\",\"to\":\"2024-01-01\"}", 400, "from", "is after to");
        refused("daily", "{\"from\":\"2024-01-01T01:00:00Z\",\"to\":\"2024-01-01T02:00:00Z\"}", 400, "from",
                "has no schedule point");
        refused("often", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\"}", 400, "to", "more than 100000 schedule points");
        refused("nope", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\"}", 404, null, "Unknown DAG 'nope'");
        refused("manual", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\"}", 400, null, "has no schedule");
        refused("daily", "{\"from\":\"yesterday\",\"to\":\"2024-01-03\"}", 400, "from", "'yesterday'");
        refused("daily", "{\"to\":\"2024-01-03\"}", 400, "from", "Missing field 'from'");
        refused("daily", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\",\"reprocess\":\"some\"}", 400, "reprocess",
                "none, failed or all");
        refused("daily", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\",\"maxActive\":0}", 400, "maxActive", "was 0");
        refused("daily", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\",\"force\":\"yes\"}", 400, "force", "true or false");
        refused("daily", "{\"from\":\"2024-01-01\",\"to\":\"2999-01-03\"}", 400, "to", "in the future");
        refused("daily", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\",\"params\":[1]}", 400, "params", "JSON object");
        assertEquals(0, backfillCount("daily"));
        assertEquals(0, backfillCount("often"));

        assertEquals(200, api.post("/dags/daily/backfills", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-10\"}").status());
        refused("daily", "{\"from\":\"2024-01-05\",\"to\":\"2024-01-20\"}", 409, null, "overlaps");
        assertEquals(1, backfillCount("daily"));
        assertEquals(200, api.post("/dags/daily/backfills",
                "{\"from\":\"2024-01-05\",\"to\":\"2024-01-20\",\"allowOverlap\":true}").status());
        assertEquals(200, api.post("/dags/often/backfills",
                "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\",\"force\":true,\"maxActive\":1}").status());
    }
}
