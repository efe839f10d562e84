package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;
import ppacer.testkit.Await;
import ppacer.testkit.BranchedRun;
import ppacer.testkit.Tasks;

/**
 * The public reads of runs under {@code /dagruns} against a real Helidon server and a real SQLite
 * file: the latest runs of every DAG (paged), a run with its tasks and attempts, one attempt, a page
 * of an attempt's log, 404s naming the unknown value, 400s naming the malformed parameter, the
 * token rules of the other reads, and SKIPPED tasks with their reasons, branch decisions and trigger
 * rules in the public and the UI's reads.
 */
class DagRunEndpointsTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private DagRegistry registry() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b"), TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(Duration.ZERO))
                .build()));
        return DagRegistry.of(Dag.builder("chain").root(a).build(), Dag.builder("single").root(Node.of(tasks.ok("only")))
                .build());
    }

    private ApiHarness harness() {
        return new ApiHarness(dir, registry(), Optional.empty(), false);
    }

    private static long trigger(ApiHarness api, String body) {
        ApiHarness.Answer t = api.post("/dag/run/trigger", body);
        assertEquals(200, t.status(), t.body());
        return t.json().get("runId").asLong();
    }

    private static JsonNode pop(ApiHarness api) {
        ApiHarness.Answer r = api.get("/dag/task/pop?waitMs=10000&executorId=e1");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void report(ApiHarness api, JsonNode task, String status, String error) {
        ApiHarness.Answer r = api.post("/dag/task/update", "{\"runId\":" + task.get("runId").asLong() + ",\"taskId\":\""
                + task.get("taskId").asText() + "\",\"retry\":" + task.get("retry").asInt() + ",\"status\":\"" + status
                + "\",\"token\":\"" + task.get("token").asText() + "\",\"executorId\":\"e1\""
                + (error == null ? "" : ",\"taskError\":" + JsonBody.MAPPER.valueToTree(error)) + "}");
        assertEquals(200, r.status(), r.body());
    }

    private static JsonNode ok(ApiHarness api, String path) {
        ApiHarness.Answer r = api.get(path);
        assertEquals(200, r.status(), path + ": " + r.body());
        return r.json();
    }

    private static void assertProblem(ApiHarness api, String path, int status, String field, String named) {
        ApiHarness.Answer r = api.get(path);
        assertEquals(status, r.status(), path + ": " + r.body());
        assertEquals(field, r.field(), path + ": " + r.body());
        assertTrue(r.error().contains(named), path + " names " + named + ": " + r.body());
    }

    @Test
    void a_run_its_tasks_attempts_and_logs_are_read_from_the_public_endpoints() {
        try (ApiHarness api = harness()) {
            ApiHarness.Answer triggered = api.post("/dag/run/trigger", "{\"dagId\":\"chain\",\"params\":{\"day\":\"2026-11-27\"}}");
            long runId = triggered.json().get("runId").asLong();

            JsonNode fresh = ok(api, "/dagruns/" + runId);
            JsonNode b0 = fresh.get("tasks").get(1);
            assertEquals("b", b0.get("taskId").asText());
            assertTrue(b0.get("status").isNull(), "a task not scheduled yet has no status: " + b0);
            assertEquals(0, b0.get("attempts").size());
            assertProblem(api, "/dagruns/" + runId + "/tasks/b/attempts/0", 404, null, "no attempt 0");

            JsonNode a = pop(api);
            assertEquals("a", a.get("taskId").asText());
            ApiHarness.Answer logs = api.post("/dag/task/logs", "{\"runId\":" + runId + ",\"taskId\":\"a\",\"retry\":0,"
                    + "\"token\":\"" + a.get("token").asText() + "\",\"records\":[{\"level\":\"INFO\",\"message\":\"hello\","
                    + "\"attributes\":{\"k\":1}},{\"level\":\"WARNING\",\"message\":\"careful\"}]}");
            assertEquals(200, logs.status(), logs.body());
            report(api, a, "SUCCESS", null);
            JsonNode b = pop(api);
            report(api, b, "FAILED", "boom\nat line 2");
            JsonNode retry = pop(api);
            assertEquals(1, retry.get("retry").asInt());
            report(api, retry, "FAILED", "boom again");
            Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                    == DagRunStatus.FAILED, () -> "run " + runId);

            JsonNode row = ok(api, "/dagruns").get(0);
            assertEquals(runId, row.get("runId").asLong());
            assertEquals("chain", row.get("dagId").asText());
            assertEquals(triggered.json().get("execTs").asText(), row.get("execTs").asText());
            assertEquals("FAILED", row.get("status").asText());
            assertEquals("MANUALLY_TRIGGERED", row.get("trigger").asText());
            assertEquals(2, row.get("taskNum").asInt());
            assertEquals(2, row.get("taskCompletedNum").asInt());
            assertEquals(1, row.get("taskFailedNum").asInt());
            OffsetDateTime.parse(row.get("createdAt").asText());
            OffsetDateTime.parse(row.get("finishedAt").asText());

            JsonNode run = ok(api, "/dagruns/" + runId);
            assertEquals("chain", run.get("dagId").asText());
            assertEquals("FAILED", run.get("status").asText());
            assertEquals(triggered.json().get("execTs").asText(), run.get("execTs").asText());
            assertEquals("2026-11-27", run.get("params").get("day").asText());
            assertEquals(List.of("a", "b"), run.get("tasks").valueStream().map(t -> t.get("taskId").asText()).toList());
            JsonNode ta = run.get("tasks").get(0);
            assertEquals("SUCCESS", ta.get("status").asText());
            assertEquals(1, ta.get("attempts").size());
            JsonNode a0 = ta.get("attempts").get(0);
            assertEquals(0, a0.get("attempt").asInt());
            assertEquals("SUCCESS", a0.get("status").asText());
            assertEquals("e1", a0.get("executorId").asText());
            assertEquals(2, a0.get("logRecords").asLong());
            assertTrue(a0.get("error").isNull(), a0.toString());
            OffsetDateTime.parse(a0.get("startedAt").asText());
            OffsetDateTime.parse(a0.get("finishedAt").asText());
            JsonNode tb = run.get("tasks").get(1);
            assertEquals("FAILED", tb.get("status").asText(), "the latest attempt's status");
            assertEquals(List.of("FAILED_PENDING_RETRY", "FAILED"),
                    tb.get("attempts").valueStream().map(x -> x.get("status").asText()).toList());
            assertEquals("boom\nat line 2", tb.get("attempts").get(0).get("error").asText());

            JsonNode attempt = ok(api, "/dagruns/" + runId + "/tasks/b/attempts/1");
            assertEquals(runId, attempt.get("runId").asLong());
            assertEquals("chain", attempt.get("dagId").asText());
            assertEquals("b", attempt.get("taskId").asText());
            assertEquals(1, attempt.get("attempt").asInt());
            assertEquals("FAILED", attempt.get("status").asText());
            assertEquals("boom again", attempt.get("error").asText());
            assertEquals(0, attempt.get("logRecords").asLong());

            JsonNode all = ok(api, "/dagruns/" + runId + "/tasks/a/attempts/0/logs");
            assertEquals("SUCCESS", all.get("status").asText());
            assertEquals(2, all.get("total").asLong());
            assertEquals(0, all.get("offset").asLong());
            assertEquals(List.of("hello", "careful"),
                    all.get("records").valueStream().map(r -> r.get("message").asText()).toList());
            assertEquals(1, all.get("records").get(0).get("attributes").get("k").asInt());
            OffsetDateTime.parse(all.get("records").get(0).get("ts").asText());
            JsonNode page = ok(api, "/dagruns/" + runId + "/tasks/a/attempts/0/logs?offset=1&limit=1");
            assertEquals(2, page.get("total").asLong());
            assertEquals(1, page.get("offset").asLong());
            assertEquals(1, page.get("records").size());
            assertEquals("WARNING", page.get("records").get(0).get("level").asText());
            assertEquals("careful", page.get("records").get(0).get("message").asText());
            assertEquals(0, ok(api, "/dagruns/" + runId + "/tasks/a/attempts/0/logs?offset=2").get("records").size());

            // the UI's view of the same run is computed by the same reads: one row per attempt
            JsonNode ui = ok(api, "/ui/dagrun/" + runId);
            assertEquals(3, ui.get("tasks").size(), ui.toString());
        }
    }

    @Test
    void a_task_that_never_started_has_no_duration() {
        Node load = Node.of(tasks.ok("load"));
        load.then(Node.of(tasks.ok("merge")));
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(Dag.builder("fails").root(load).build()),
                Optional.empty(), false)) {
            long runId = trigger(api, "{\"dagId\":\"fails\"}");
            Await.until(Duration.ofSeconds(60), () -> !api.scheduler.store().attempts().attempts(runId, "load").isEmpty(),
                    () -> "load scheduled in run " + runId);
            JsonNode queued = task(ok(api, "/dagruns/" + runId).get("tasks"), "load").get("attempts").get(0);
            assertEquals("SCHEDULED", queued.get("status").asText(), queued.toString());
            assertTrue(queued.get("duration").isNull(), "a SCHEDULED attempt that was not handed out: " + queued);

            JsonNode load0 = pop(api);
            report(api, load0, "FAILED", "boom");
            Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                    == DagRunStatus.FAILED, () -> "run " + runId);

            JsonNode run = ok(api, "/dagruns/" + runId);
            JsonNode failed = task(run.get("tasks"), "load").get("attempts").get(0);
            assertTrue(failed.get("duration").asText().endsWith("s"), "a task that ran has its duration: " + failed);
            JsonNode merge = task(run.get("tasks"), "merge").get("attempts").get(0);
            assertEquals("UPSTREAM_FAILED", merge.get("status").asText(), run.toString());
            assertTrue(merge.get("startedAt").isNull(), merge.toString());
            assertTrue(merge.get("duration").isNull(), "a task that never ran has no duration: " + merge);
            assertTrue(ok(api, "/dagruns/" + runId + "/tasks/merge/attempts/0").get("duration").isNull());

            JsonNode ui = ok(api, "/ui/dagrun/" + runId);
            JsonNode uiMerge = task(ui.get("tasks"), "merge");
            assertTrue(uiMerge.get("startTs").isNull() && uiMerge.get("duration").isNull(), "the UI's row: " + uiMerge);
            assertTrue(ok(api, "/ui/dagrun/task/" + runId + "/merge/0").get("duration").isNull());
            assertTrue(task(ui.get("tasks"), "load").get("duration").isTextual(), ui.toString());
        }
    }

    private static JsonNode task(JsonNode tasks, String taskId) {
        return tasks.valueStream().filter(t -> t.get("taskId").asText().equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + taskId + " in " + tasks));
    }

    @Test
    void a_skipped_task_its_reason_the_branch_decision_and_the_trigger_rules_are_read() {
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(BranchedRun.dag()), java.util.function.UnaryOperator.identity())) {
            long runId = BranchedRun.insert(api.scheduler.store(), Instant.parse("2026-12-01T10:00:00Z"));

            JsonNode run = ok(api, "/dagruns/" + runId);
            JsonNode right = task(run.get("tasks"), "right");
            assertEquals("SKIPPED", right.get("status").asText(), run.toString());
            assertEquals(BranchedRun.RIGHT_REASON, right.get("attempts").get(0).get("reason").asText(), run.toString());
            assertTrue(right.get("attempts").get(0).get("branch").isNull(), run.toString());
            JsonNode pick = task(run.get("tasks"), "pick").get("attempts").get(0);
            assertEquals(List.of("left"), pick.get("branch").valueStream().map(JsonNode::asText).toList(), run.toString());
            assertTrue(pick.get("reason").isNull(), run.toString());
            assertTrue(task(run.get("tasks"), "left").get("attempts").get(0).get("branch").isNull(),
                    "a task that did not branch has no decision: " + run);
            JsonNode attempt = ok(api, "/dagruns/" + runId + "/tasks/right/attempts/0");
            assertEquals("SKIPPED", attempt.get("status").asText());
            assertEquals(BranchedRun.RIGHT_REASON, attempt.get("reason").asText());
            assertTrue(attempt.get("duration").isNull(), "a task that never ran has no duration: " + attempt);

            JsonNode ui = ok(api, "/ui/dagrun/" + runId);
            JsonNode uiRight = task(ui.get("tasks"), "right");
            assertEquals("SKIPPED", uiRight.get("status").asText(), ui.toString());
            assertEquals(BranchedRun.RIGHT_REASON, uiRight.get("reason").asText(), ui.toString());
            assertEquals("left", task(ui.get("tasks"), "pick").get("branch").get(0).asText(), ui.toString());
            JsonNode panel = ok(api, "/ui/dagrun/task/" + runId + "/right/0");
            assertEquals("SKIPPED", panel.get("status").asText());
            assertEquals(BranchedRun.RIGHT_REASON, panel.get("reason").asText());
            assertEquals(List.of("left"), ok(api, "/ui/dagrun/task/" + runId + "/pick/0").get("branch").valueStream()
                    .map(JsonNode::asText).toList());

            JsonNode cell = ok(api, "/dags/" + BranchedRun.DAG_ID + "/runs").get(0).get("tasks").get("right");
            assertEquals("SKIPPED", cell.get("status").asText(), "the runs grid's cell: " + cell);
            JsonNode dag = ok(api, "/dags/" + BranchedRun.DAG_ID);
            assertEquals("NONE_FAILED_MIN_ONE_SUCCESS", task(dag.get("taskList"), "join").get("triggerRule").asText());
            assertEquals("ALL_SUCCESS", task(dag.get("taskList"), "left").get("triggerRule").asText());
            assertEquals("pick", task(dag.get("taskList"), "cleanup").get("teardownOf").asText());
            assertTrue(task(dag.get("taskList"), "join").get("teardownOf").isNull(), dag.toString());

            JsonNode stats = ok(api, "/ui/dagrun/stats");
            assertEquals(1, stats.get("dagrunTasks").get("skipped").asLong(), stats.toString());
            assertEquals(4, stats.get("dagrunTasks").get("success").asLong(), stats.toString());
        }
    }

    @Test
    void the_latest_runs_of_every_dag_are_paged_newest_first() {
        try (ApiHarness api = harness()) {
            long first = trigger(api, "{\"dagId\":\"single\"}");
            long second = trigger(api, "{\"dagId\":\"chain\"}");
            long third = trigger(api, "{\"dagId\":\"single\"}");

            JsonNode all = ok(api, "/dagruns");
            assertEquals(List.of(third, second, first), all.valueStream().map(r -> r.get("runId").asLong()).toList());
            assertEquals(List.of("single", "chain", "single"),
                    all.valueStream().map(r -> r.get("dagId").asText()).toList());
            assertTrue(all.get(0).get("finishedAt").isNull(), "an unfinished run: " + all.get(0));

            JsonNode newest = ok(api, "/dagruns?limit=2");
            assertEquals(List.of(third, second), newest.valueStream().map(r -> r.get("runId").asLong()).toList());
            JsonNode older = ok(api, "/dagruns?limit=2&before=" + second);
            assertEquals(List.of(first), older.valueStream().map(r -> r.get("runId").asLong()).toList());
            assertEquals(0, ok(api, "/dagruns?before=" + first).size());
        }
    }

    @Test
    void unknown_values_are_404_naming_them_and_malformed_parameters_400_naming_the_parameter() {
        try (ApiHarness api = harness()) {
            long runId = trigger(api, "{\"dagId\":\"single\"}");
            Await.until(Duration.ofSeconds(60), () -> ok(api, "/dagruns/" + runId).get("tasks").get(0).get("attempts")
                    .size() == 1, () -> "the root attempt of run " + runId);
            String only = "/dagruns/" + runId + "/tasks/only/attempts/0";

            assertProblem(api, "/dagruns/12345", 404, null, "12345");
            assertProblem(api, "/dagruns/12345/tasks/only/attempts/0", 404, null, "12345");
            assertProblem(api, "/dagruns/12345/tasks/only/attempts/0/logs", 404, null, "12345");
            assertProblem(api, "/dagruns/" + runId + "/tasks/zzz/attempts/0", 404, null, "'zzz'");
            assertProblem(api, "/dagruns/" + runId + "/tasks/zzz/attempts/0/logs", 404, null, "'zzz'");
            assertProblem(api, "/dagruns/" + runId + "/tasks/only/attempts/7", 404, null, "no attempt 7");
            assertProblem(api, "/dagruns/" + runId + "/tasks/only/attempts/7/logs", 404, null, "no attempt 7");

            assertProblem(api, "/dagruns/abc", 400, "runId", "'abc'");
            assertProblem(api, "/dagruns/abc/tasks/only/attempts/0", 400, "runId", "'abc'");
            assertProblem(api, "/dagruns?limit=0", 400, "limit", "was 0");
            assertProblem(api, "/dagruns?limit=201", 400, "limit", "was 201");
            assertProblem(api, "/dagruns?limit=many", 400, "limit", "'many'");
            assertProblem(api, "/dagruns?before=x", 400, "before", "'x'");
            assertProblem(api, "/dagruns?before=0", 400, "before", "was 0");
            assertProblem(api, "/dagruns/" + runId + "/tasks/only/attempts/first", 400, "attempt", "'first'");
            assertProblem(api, "/dagruns/" + runId + "/tasks/only/attempts/-1", 400, "attempt", "was -1");
            assertProblem(api, only + "/logs?offset=-1", 400, "offset", "was -1");
            assertProblem(api, only + "/logs?limit=0", 400, "limit", "was 0");
            assertProblem(api, only + "/logs?limit=5001", 400, "limit", "was 5001");
            assertEquals(200, api.get(only + "/logs?limit=5000&offset=0").status());
        }
    }

    @Test
    void the_reads_need_the_token_only_with_protect_reads() throws Exception {
        for (boolean protectReads : new boolean[] {false, true}) {
            Path d = Files.createDirectories(dir.resolve("protect-" + protectReads));
            try (ApiHarness api = new ApiHarness(d, registry(), Optional.of("s3cret"), protectReads)) {
                ApiHarness.Answer t = api.post("/dag/run/trigger", "{\"dagId\":\"single\"}", "s3cret");
                assertEquals(200, t.status(), t.body());
                long runId = t.json().get("runId").asLong();
                int withoutToken = protectReads ? 401 : 200;
                for (String path : List.of("/dagruns", "/dagruns/" + runId)) {
                    assertEquals(withoutToken, api.get(path).status(), path + " without a token, protectReads "
                            + protectReads);
                    assertEquals(200, api.get(path, "s3cret").status(), path + " with the token");
                }
                assertEquals(protectReads ? 401 : 404, api.get("/dagruns/" + runId + "/tasks/only/attempts/9").status(),
                        "a protected read is refused before it is looked up");
            }
        }
    }
}
