package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/** Every endpoint's success and error paths against a real Helidon server and a real SQLite file. */
class ApiEndpointsTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b")));
        Dag chain = Dag.builder("chain").description("two tasks").tags("test").root(a).build();
        Dag single = Dag.builder("single").root(Node.of(tasks.ok("only"))).build();
        api = new ApiHarness(dir, DagRegistry.of(chain, single), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode popOne() {
        ApiHarness.Answer r = api.get("/dag/task/pop?waitMs=5000&executorId=e1");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private String report(JsonNode task, String status, String token) {
        return "{\"runId\":" + task.get("runId").asLong() + ",\"taskId\":\"" + task.get("taskId").asText()
                + "\",\"retry\":" + task.get("retry").asInt() + ",\"status\":\"" + status + "\",\"token\":\"" + token
                + "\",\"executorId\":\"e1\"}";
    }

    @Test
    void state_is_running() {
        ApiHarness.Answer r = api.get("/state");
        assertEquals(200, r.status());
        assertEquals("RUNNING", r.json().get("state").asText());
    }

    @Test
    void trigger_pop_update_and_the_ui_views_follow_a_run_to_success() {
        ApiHarness.Answer t = api.post("/dag/run/trigger", "{\"dagId\":\"chain\",\"params\":{\"day\":\"2026-11-27\"}}");
        assertEquals(200, t.status(), t.body());
        long runId = t.json().get("runId").asLong();
        assertEquals("chain", t.json().get("dagId").asText());

        JsonNode a = popOne();
        assertEquals("a", a.get("taskId").asText());
        assertEquals(runId, a.get("runId").asLong());
        assertEquals("2026-11-27", a.get("params").get("day").asText());
        assertEquals(t.json().get("execTs").asText(), a.get("execTs").asText());
        String token = a.get("token").asText();

        ApiHarness.Answer logs = api.post("/dag/task/logs", "{\"runId\":" + runId + ",\"taskId\":\"a\",\"retry\":0,"
                + "\"token\":\"" + token + "\",\"records\":[{\"level\":\"INFO\",\"message\":\"hello\",\"attributes\":"
                + "{\"k\":1}},{\"level\":\"WARNING\",\"message\":\"careful\"}]}");
        assertEquals(200, logs.status(), logs.body());
        ApiHarness.Answer hb = api.post("/dag/task/heartbeat", "{\"runId\":" + runId + ",\"taskId\":\"a\",\"retry\":0,"
                + "\"token\":\"" + token + "\"}");
        assertEquals(200, hb.status(), hb.body());
        assertNotNull(hb.json().get("leaseDeadline").asText());

        ApiHarness.Answer up = api.post("/dag/task/update-and-pop?waitMs=5000&executorId=e1", report(a, "SUCCESS", token));
        assertEquals(200, up.status(), up.body());
        JsonNode b = up.json().get(0);
        assertEquals("b", b.get("taskId").asText());
        ApiHarness.Answer dup = api.post("/dag/task/update", report(a, "SUCCESS", token));
        assertEquals(200, dup.status(), "a repeated report of the recorded outcome is acknowledged: " + dup.body());
        ApiHarness.Answer conflict = api.post("/dag/task/update", report(a, "FAILED", token));
        assertEquals(409, conflict.status(), "another outcome than the recorded one conflicts: " + conflict.body());
        assertEquals(200, api.post("/dag/task/update", report(b, "SUCCESS", b.get("token").asText())).status());
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.SUCCESS, () -> "run " + runId);

        ApiHarness.Answer latest = api.get("/ui/dagrun/latest/5");
        assertEquals(200, latest.status());
        JsonNode row = latest.json().get(0);
        assertEquals(runId, row.get("runId").asLong());
        assertEquals("SUCCESS", row.get("status").asText());
        assertEquals(2, row.get("taskNum").asInt());
        assertEquals(2, row.get("taskCompletedNum").asInt());
        assertNotNull(row.get("execTs").get("toDisplay"));

        ApiHarness.Answer details = api.get("/ui/dagrun/" + runId);
        assertEquals(200, details.status());
        assertEquals("2026-11-27", details.json().get("params").get("day").asText());
        assertEquals(2, details.json().get("tasks").size());
        JsonNode ta = details.json().get("tasks").get(0);
        assertEquals("a", ta.get("taskId").asText());
        assertEquals(2, ta.get("taskLogs").get("logRecordsCount").asInt());

        ApiHarness.Answer page = api.get("/ui/dagrun/task/" + runId + "/a/0?offset=1&limit=1");
        assertEquals(200, page.status(), page.body());
        assertEquals(2, page.json().get("taskLogs").get("logRecordsCount").asInt());
        assertEquals("careful", page.json().get("taskLogs").get("logRecords").get(0).get("message").asText());
        assertEquals(404, api.get("/ui/dagrun/task/" + runId + "/a/7").status());
        assertEquals(404, api.get("/ui/dagrun/task/" + runId + "/zzz/0").status());

        ApiHarness.Answer stats = api.get("/ui/dagrun/stats");
        assertEquals(200, stats.status());
        assertEquals(1, stats.json().get("dagruns").get("success").asInt());
        assertEquals(2, stats.json().get("dagrunTasks").get("success").asInt());
    }

    @Test
    void pop_without_work_answers_204_and_max_returns_an_array() {
        assertEquals(204, api.get("/dag/task/pop").status());
        api.post("/dag/run/trigger", "{\"dagId\":\"single\"}");
        api.post("/dag/run/trigger", "{\"dagId\":\"chain\"}");
        // both runs' roots ('only' and 'a') queued: one pop with max takes both
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.stats().queuedTasks() == 2,
                () -> "queued: " + api.scheduler.stats());
        ApiHarness.Answer r = api.get("/dag/task/pop?waitMs=2000&max=5");
        assertEquals(200, r.status());
        assertTrue(r.json().isArray());
        assertEquals(java.util.Set.of("only", "a"), java.util.Set.of(r.json().get(0).get("taskId").asText(),
                r.json().get(1).get("taskId").asText()));
        assertEquals(2, r.json().size());
    }

    @Test
    void stale_and_wrong_reports_are_refused_with_409_and_change_nothing() {
        api.post("/dag/run/trigger", "{\"dagId\":\"single\"}");
        JsonNode t = popOne();
        ApiHarness.Answer wrong = api.post("/dag/task/update", report(t, "SUCCESS", "not-the-token"));
        assertEquals(409, wrong.status());
        assertEquals("token", wrong.field());
        ApiHarness.Answer hb = api.post("/dag/task/heartbeat", "{\"runId\":" + t.get("runId").asLong()
                + ",\"taskId\":\"only\",\"retry\":0,\"token\":\"nope\"}");
        assertEquals(409, hb.status());
        ApiHarness.Answer unknown = api.post("/dag/task/update", "{\"runId\":999,\"taskId\":\"only\",\"retry\":0,"
                + "\"status\":\"SUCCESS\",\"token\":\"x\"}");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("RUNNING", api.scheduler.store().attempts().latest(t.get("runId").asLong()).getFirst().status().name());
        assertEquals(200, api.post("/dag/task/update", report(t, "SUCCESS", t.get("token").asText())).status());
    }

    @Test
    void many_reports_in_one_request_are_answered_one_by_one_and_take_the_next_attempts() {
        long chainRun = api.post("/dag/run/trigger", "{\"dagId\":\"chain\"}").json().get("runId").asLong();
        api.post("/dag/run/trigger", "{\"dagId\":\"single\"}");
        ApiHarness.Answer popped = api.get("/dag/task/pop?waitMs=5000&max=2&executorId=e1");
        Await.until(Duration.ofSeconds(5), () -> api.scheduler.stats().queuedTasks() == 0, () -> "both roots queued");
        List<JsonNode> taken = new ArrayList<>();
        popped.json().forEach(taken::add);
        while (taken.size() < 2) {
            taken.add(popOne());
        }
        JsonNode a = taken.stream().filter(t -> t.get("taskId").asText().equals("a")).findFirst().orElseThrow();
        JsonNode only = taken.stream().filter(t -> t.get("taskId").asText().equals("only")).findFirst().orElseThrow();
        String body = "{\"updates\":[" + report(a, "SUCCESS", a.get("token").asText()) + ","
                + report(only, "SUCCESS", "not-the-token") + "," + report(a, "SUCCESS", a.get("token").asText()) + "]}";

        ApiHarness.Answer r = api.post("/dag/task/update-many-and-pop?max=1&executorId=e1", body);

        assertEquals(200, r.status(), r.body());
        JsonNode results = r.json().get("results");
        assertEquals(3, results.size(), r.body());
        assertTrue(results.get(0).get("accepted").asBoolean(), r.body());
        assertEquals(409, results.get(1).get("status").asInt(), "a wrong token is refused: " + r.body());
        assertEquals("token", results.get(1).get("field").asText());
        assertTrue(results.get(2).get("accepted").asBoolean(), "the same report twice shares one outcome: " + r.body());
        assertEquals(1, r.json().get("tasks").size(), "the child of a is handed out with the answer: " + r.body());
        assertEquals("b", r.json().get("tasks").get(0).get("taskId").asText());
        assertEquals(chainRun, r.json().get("tasks").get(0).get("runId").asLong());
        assertEquals("RUNNING", api.scheduler.store().attempts().latest(only.get("runId").asLong()).getFirst().status()
                .name(), "the refused report changed nothing");

        assertEquals(400, api.post("/dag/task/update-many-and-pop", "{\"updates\":[]}").status());
        ApiHarness.Answer bad = api.post("/dag/task/update-many-and-pop", "{\"updates\":[" + report(only, "SUCCESS",
                only.get("token").asText()) + ",{\"runId\":1}]}");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("RUNNING", api.scheduler.store().attempts().latest(only.get("runId").asLong()).getFirst().status()
                .name(), "a 400 applies none of the batch");
    }

    @Test
    void bad_input_gets_400_naming_the_field_and_value() {
        ApiHarness.Answer malformed = api.post("/dag/run/trigger", "{\"dagId\": ");
        assertEquals(400, malformed.status());
        assertTrue(malformed.error().startsWith("Malformed JSON"), malformed.error());
        ApiHarness.Answer missing = api.post("/dag/run/trigger", "{}");
        assertEquals(400, missing.status());
        assertEquals("Missing field 'dagId'", missing.error());
        assertEquals("dagId", missing.field());
        ApiHarness.Answer type = api.post("/dag/run/trigger", "{\"dagId\":42}");
        assertEquals("Field 'dagId' must be a string, was 42", type.error());
        ApiHarness.Answer params = api.post("/dag/run/trigger", "{\"dagId\":\"single\",\"params\":[1]}");
        assertEquals(400, params.status());
        assertEquals("params", params.field());
        ApiHarness.Answer status = api.post("/dag/task/update", "{\"runId\":1,\"taskId\":\"a\",\"retry\":0,"
                + "\"status\":\"DONE\",\"token\":\"t\"}");
        assertEquals(400, status.status());
        assertEquals("status", status.field());
        ApiHarness.Answer wait = api.get("/dag/task/pop?waitMs=999999");
        assertEquals(400, wait.status());
        assertEquals("waitMs", wait.field());
        assertEquals(400, api.get("/ui/dagrun/abc").status());
        assertEquals(400, api.get("/ui/dagrun/latest/0").status());
        ApiHarness.Answer array = api.post("/dag/run/trigger", "[1,2]");
        assertEquals(400, array.status());
    }

    @Test
    void unknown_ids_get_404() {
        ApiHarness.Answer dag = api.post("/dag/run/trigger", "{\"dagId\":\"nope\"}");
        assertEquals(404, dag.status());
        assertTrue(dag.error().contains("'nope'"), dag.error());
        assertEquals(404, api.get("/ui/dagrun/12345").status());
        assertEquals(404, api.get("/dags/nope").status());
        assertEquals(404, api.get("/dags/..%2F..%2Fetc%2Fpasswd").status());
        assertEquals(404, api.post("/dag/run/restart", "{\"runId\":777}").status());
        ApiHarness.Answer path = api.get("/no/such/endpoint");
        assertEquals(404, path.status());
        assertNotNull(path.error());
    }

    @Test
    void oversized_bodies_get_413() {
        String huge = "{\"dagId\":\"" + "x".repeat(70 * 1024) + "\"}";
        ApiHarness.Answer r = api.post("/dag/run/trigger", huge);
        assertEquals(413, r.status(), r.body());
    }

    @Test
    void dags_are_listed_paused_and_unpaused() {
        ApiHarness.Answer list = api.get("/dags");
        assertEquals(200, list.status());
        assertEquals(2, list.json().size());
        JsonNode chain = list.json().get(0);
        assertEquals("chain", chain.get("dagId").asText());
        assertEquals("two tasks", chain.get("description").asText());
        assertFalse(chain.get("paused").asBoolean());
        assertEquals(200, api.post("/dags/chain/pause", "").status());
        assertTrue(api.get("/dags/chain").json().get("paused").asBoolean());
        assertEquals(200, api.post("/dags/chain/unpause", "").status());
        JsonNode details = api.get("/dags/chain").json();
        assertFalse(details.get("paused").asBoolean());
        assertEquals("a", details.get("taskList").get(0).get("taskId").asText());
        assertEquals("b", details.get("taskList").get(0).get("children").get(0).asText());
    }

    @Test
    void restart_of_a_run_that_did_not_fail_is_a_conflict() {
        long runId = api.post("/dag/run/trigger", "{\"dagId\":\"single\"}").json().get("runId").asLong();
        ApiHarness.Answer r = api.post("/dag/run/restart", "{\"runId\":" + runId + "}");
        assertEquals(409, r.status(), r.body());
        ApiHarness.Answer mark = api.post("/dag/run/" + runId + "/task/only/mark", "{\"status\":\"SUCCESS\"}");
        assertEquals(200, mark.status(), mark.body());
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.SUCCESS, () -> "run " + runId);
        ApiHarness.Answer badMark = api.post("/dag/run/" + runId + "/task/only/mark", "{\"status\":\"MAYBE\"}");
        assertEquals(400, badMark.status());
        assertEquals("status", badMark.field(), badMark.body());
        assertTrue(badMark.error().contains("SUCCESS, FAILED or SKIPPED, was 'MAYBE'"), badMark.body());
        ApiHarness.Answer skip = api.post("/dag/run/" + runId + "/task/only/mark", "{\"status\":\"SKIPPED\"}");
        assertEquals(200, skip.status(), skip.body());
        assertEquals("SKIPPED", skip.json().get("status").asText(), skip.body());
        ApiHarness.Answer clear = api.post("/dag/run/" + runId + "/task/only/clear", "");
        assertEquals(200, clear.status(), clear.body());
        assertEquals("only", popOne().get("taskId").asText());
    }

    @Test
    void health_and_metrics_are_served() {
        ApiHarness.Answer health = api.get("/health");
        assertEquals(200, health.status(), health.body());
        assertTrue(health.body().contains("UP"), health.body());
        assertTrue(health.body().contains("\"role\""), health.body());
        assertFalse(health.body().contains("leaderUrl"), "no URL advertised, none shown: " + health.body());
        assertEquals(200, api.get("/health/ready").status());
        assertEquals(200, api.get("/health/live").status());
        ApiHarness.Answer metrics = api.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("# TYPE ppacer_task_queue_length gauge"), metrics.body());
        assertTrue(metrics.body().contains("ppacer_hop_latency_seconds_bucket{le=\"+Inf\"}"), metrics.body());
    }

    @Test
    void duplicate_keys_and_trailing_content_are_refused_with_400_and_trigger_nothing() {
        String[][] cases = {
            {"{\"dagId\":\"single\",\"dagId\":\"chain\"}", "Duplicate key 'dagId'"},
            {"{\"dagId\":\"single\",\"params\":{\"day\":1,\"day\":2}}", "Duplicate key 'day'"},
            {"{\"dagId\":\"single\"} {\"dagId\":\"chain\"}", "after the JSON object"},
            {"{\"dagId\":\"single\"}]", "after the JSON object"},
            {"{\"dagId\":\"single\"}garbage", "garbage"},
        };
        for (String[] c : cases) {
            ApiHarness.Answer r = api.post("/dag/run/trigger", c[0]);
            assertEquals(400, r.status(), c[0] + " -> " + r.body());
            assertNotNull(r.error(), r.body());
            assertTrue(r.error().contains(c[1]), c[0] + " -> " + r.error());
        }
        assertEquals(0, api.get("/ui/dagrun/latest/10").json().size(), "no run may have been triggered");
        JsonNode a = null;
        assertEquals(200, api.post("/dag/run/trigger", "{\"dagId\":\"single\"}").status());
        a = popOne();
        String token = a.get("token").asText();
        // a report whose status or token is given twice is refused too, and changes nothing
        String twice = "{\"runId\":" + a.get("runId").asLong() + ",\"taskId\":\"only\",\"retry\":0,\"status\":\"FAILED\","
                + "\"status\":\"SUCCESS\",\"token\":\"" + token + "\",\"executorId\":\"e1\"}";
        ApiHarness.Answer r = api.post("/dag/task/update", twice);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.error().contains("Duplicate key 'status'"), r.error());
        assertEquals(ppacer.api.TaskStatus.RUNNING, attempt(a).status());
    }

    private ppacer.api.spi.TaskAttemptRecord attempt(JsonNode task) {
        return api.scheduler.store().attempts().find(new ppacer.api.spi.AttemptKey(task.get("runId").asLong(),
                task.get("taskId").asText(), task.get("retry").asInt())).orElseThrow();
    }

    @Test
    void another_executor_with_the_right_token_is_refused_409_naming_both_and_changes_nothing() {
        assertEquals(200, api.post("/dag/run/trigger", "{\"dagId\":\"single\"}").status());
        JsonNode a = popOne(); // taken by e1
        String token = a.get("token").asText();
        long runId = a.get("runId").asLong();
        ppacer.api.spi.TaskAttemptRecord before = attempt(a);
        String foreign = report(a, "SUCCESS", token).replace("\"executorId\":\"e1\"", "\"executorId\":\"e2\"");
        String key = "\"runId\":" + runId + ",\"taskId\":\"only\",\"retry\":0,\"token\":\"" + token + "\"";

        List<ApiHarness.Answer> refused = List.of(
                api.post("/dag/task/heartbeat", "{" + key + ",\"executorId\":\"e2\"}"),
                api.post("/dag/task/update", foreign),
                api.post("/dag/task/update", foreign.replace("\"SUCCESS\"", "\"FAILED\"")),
                api.post("/dag/task/update-and-pop?waitMs=0&executorId=e2", foreign),
                api.post("/dag/task/logs", "{" + key + ",\"executorId\":\"e2\",\"records\":[{\"message\":\"x\"}]}"));
        for (ApiHarness.Answer r : refused) {
            assertEquals(409, r.status(), r.body());
            assertEquals("executorId", r.field(), r.body());
            assertTrue(r.error().contains("'e1'") && r.error().contains("'e2'"), r.error());
        }
        ApiHarness.Answer many = api.post("/dag/task/update-many-and-pop?max=0&executorId=e2", "{\"updates\":[" + foreign + "]}");
        assertEquals(200, many.status(), many.body());
        JsonNode result = many.json().get("results").get(0);
        assertFalse(result.get("accepted").asBoolean(), many.body());
        assertEquals(409, result.get("status").asInt(), many.body());
        assertEquals("executorId", result.get("field").asText(), many.body());

        ppacer.api.spi.TaskAttemptRecord after = attempt(a);
        assertEquals(ppacer.api.TaskStatus.RUNNING, after.status());
        assertEquals(before.leaseDeadline(), after.leaseDeadline(), "the foreign heartbeat must not extend the lease");
        assertEquals(Optional.of("e1"), after.executorId());
        assertEquals(0, api.scheduler.store().taskLogs().read(after.key(), 0, 100).total(), "no foreign log record stored");

        // the executor that took it is heard
        assertEquals(200, api.post("/dag/task/heartbeat", "{" + key + ",\"executorId\":\"e1\"}").status());
        assertEquals(200, api.post("/dag/task/update", report(a, "SUCCESS", token)).status());
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.SUCCESS, () -> "run " + runId);
    }

    @Test
    void the_executor_of_a_lease_is_known_again_after_a_scheduler_restart() {
        assertEquals(200, api.post("/dag/run/trigger", "{\"dagId\":\"single\"}").status());
        JsonNode a = popOne(); // taken by e1
        String beat = "{\"runId\":" + a.get("runId").asLong() + ",\"taskId\":\"only\",\"retry\":0,\"token\":\""
                + a.get("token").asText() + "\",\"executorId\":\"";
        api.close();
        // the same store file, a new scheduler: the running attempt is recovered from the store
        Node n = Node.of(tasks.ok("a"));
        n.then(Node.of(tasks.ok("b")));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("chain").description("two tasks").tags("test").root(n).build(),
                Dag.builder("single").root(Node.of(tasks.ok("only"))).build()), Optional.empty(), false);
        ApiHarness.Answer foreign = api.post("/dag/task/heartbeat", beat + "e2\"}");
        assertEquals(409, foreign.status(), foreign.body());
        assertTrue(foreign.error().contains("'e1'") && foreign.error().contains("'e2'"), foreign.error());
        assertEquals(200, api.post("/dag/task/heartbeat", beat + "e1\"}").status());
    }
}
