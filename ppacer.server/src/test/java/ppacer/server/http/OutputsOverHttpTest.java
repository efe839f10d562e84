package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskOutput;
import ppacer.api.spi.AttemptKey;
import ppacer.testkit.Await;
import ppacer.testkit.StallingStore;
import ppacer.testkit.Tasks;

/**
 * Task outputs as a remote executor sends and receives them, on a real Helidon server and SQLite
 * file: an output reported with a SUCCESS reaches the child with its hand-out (no extra request),
 * reads back on the public API, and a malformed or oversized output changes nothing but is
 * answered with the field (400) or fails the attempt with its size and the limit.
 */
class OutputsOverHttpTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        Node extract = Node.of(tasks.ok("extract"));
        extract.then(Node.of(tasks.ok("load")));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("etl").root(extract).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void awaitRun(long runId, DagRunStatus status) {
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == status, () -> "run " + runId + " to be " + status);
    }

    @Test
    void a_json_output_reaches_the_child_with_its_hand_out_and_reads_back() {
        JsonNode extract = api.triggerAndTake("etl");
        long runId = extract.get("runId").asLong();
        assertEquals("{}", extract.get("inputs").toString(), "a root task has no inputs");
        assertEquals(ApiHarness.MAX_OUTPUT, extract.get("maxOutputBytes").asInt(), "the executor learns the limit");
        String json = "{\"files\":[\"a.csv\",\"b \\\"quoted\\\".csv\"],\"note\":\"zażółć ✓\"}";
        ApiHarness.Answer up = api.post("/dag/task/update-and-pop?waitMs=5000&executorId=e1", ApiHarness.report(extract, "SUCCESS",
                ",\"output\":{\"contentType\":\"application/json\",\"text\":" + quoted(json) + "}"));
        assertEquals(200, up.status(), up.body());
        JsonNode load = up.json().get(0);
        assertEquals("load", load.get("taskId").asText());
        assertEquals(json, load.get("inputs").get("extract").get("text").asText(), "the parent's output, as sent");
        assertEquals("application/json", load.get("inputs").get("extract").get("contentType").asText());

        ApiHarness.Answer out = api.get("/dagruns/" + runId + "/tasks/extract/output");
        assertEquals(200, out.status(), out.body());
        assertEquals(json, out.json().get("output").get("text").asText());
        assertEquals(0, out.json().get("attempt").asInt());
        assertEquals(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, out.json().get("size").asInt());
        assertEquals(200, api.get("/dagruns/" + runId + "/tasks/extract/attempts/0/output").status());

        ApiHarness.Answer none = api.get("/dagruns/" + runId + "/tasks/load/output");
        assertEquals(404, none.status(), none.body());
        assertEquals("Task 'load' of run " + runId + " stored no output", none.error());
        ApiHarness.Answer unknown = api.get("/dagruns/" + runId + "/tasks/nosuch/output");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("DAG 'etl' has no task 'nosuch'", unknown.error());
    }

    @Test
    void a_binary_output_travels_as_base64_byte_for_byte() {
        JsonNode extract = api.triggerAndTake("etl");
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String b64 = Base64.getEncoder().encodeToString(bytes);
        ApiHarness.Answer up = api.post("/dag/task/update-and-pop?waitMs=5000&executorId=e1", ApiHarness.report(extract, "SUCCESS",
                ",\"output\":{\"contentType\":\"application/octet-stream\",\"base64\":\"" + b64 + "\"}"));
        assertEquals(200, up.status(), up.body());
        assertEquals(b64, up.json().get(0).get("inputs").get("extract").get("base64").asText());
        assertEquals(new TaskOutput("application/octet-stream", bytes), api.scheduler.store().attempts()
                .output(new AttemptKey(extract.get("runId").asLong(), "extract", 0)).orElseThrow().output());
    }

    @Test
    void malformed_outputs_are_400s_naming_the_field_and_change_nothing() {
        JsonNode extract = api.triggerAndTake("etl");
        long runId = extract.get("runId").asLong();
        for (String[] bad : new String[][] {
                {",\"output\":{\"contentType\":\"text/plain\",\"text\":\"x\",\"base64\":\"eA==\"}",
                        "Field 'output': An output has exactly one of 'text' and 'base64', had both"},
                {",\"output\":{\"contentType\":\"text/plain\"}",
                        "Field 'output': An output has exactly one of 'text' and 'base64', had neither"},
                {",\"output\":{\"text\":\"x\"}", "Field 'output': An output needs 'contentType' (e.g. \"application/json\")"},
                {",\"output\":{\"contentType\":\"a/b\",\"base64\":\"***\"}",
                        "Field 'output': The output's 'base64' is not Base64: Illegal base64 character 2a"},
                {",\"output\":\"just text\"", "Field 'output' must be an object with 'contentType' and 'text' or 'base64',"
                        + " was \"just text\""}}) {
            ApiHarness.Answer r = api.post("/dag/task/update", ApiHarness.report(extract, "SUCCESS", bad[0]));
            assertEquals(400, r.status(), r.body());
            assertEquals("output", r.field());
            assertEquals(bad[1], r.error());
        }
        ApiHarness.Answer failed = api.post("/dag/task/update", ApiHarness.report(extract, "FAILED",
                ",\"output\":{\"contentType\":\"text/plain\",\"text\":\"x\"}"));
        assertEquals(400, failed.status(), failed.body());
        assertEquals("Field 'output' goes with status SUCCESS only, not with 'FAILED'", failed.error());
        assertEquals(DagRunStatus.RUNNING, api.scheduler.store().dagRuns().find(runId).orElseThrow().status());
        assertEquals(200, api.post("/dag/task/update", ApiHarness.report(extract, "SUCCESS", "")).status(), "the attempt still runs");
    }

    @Test
    void an_output_over_the_limit_fails_the_attempt_naming_the_size_and_the_limit() {
        JsonNode extract = api.triggerAndTake("etl");
        long runId = extract.get("runId").asLong();
        String big = "x".repeat(ApiHarness.MAX_OUTPUT + 1);
        ApiHarness.Answer up = api.post("/dag/task/update", ApiHarness.report(extract, "SUCCESS",
                ",\"output\":{\"contentType\":\"text/plain\",\"text\":\"" + big + "\"}"));
        assertEquals(200, up.status(), up.body());
        awaitRun(runId, DagRunStatus.FAILED);
        String error = api.scheduler.store().attempts().find(new AttemptKey(runId, "extract", 0)).orElseThrow().error()
                .orElseThrow();
        assertEquals("Task 'extract' stored an output of " + (ApiHarness.MAX_OUTPUT + 1) + " bytes, over the scheduler's "
                + "limit of " + ApiHarness.MAX_OUTPUT + " bytes (maxOutputBytes); pass large data by reference: write it to"
                + " a file or an object store and output its path or URL", error);
        assertTrue(api.scheduler.store().attempts().output(new AttemptKey(runId, "extract", 0)).isEmpty());
    }

    @Test
    void the_previous_output_of_a_task_is_served_to_executors() {
        JsonNode first = api.triggerAndTake("etl");
        long runId = first.get("runId").asLong();
        assertEquals(200, api.post("/dag/task/update-and-pop?waitMs=5000&executorId=e1", ApiHarness.report(first, "SUCCESS",
                ",\"output\":{\"contentType\":\"application/json\",\"text\":\"{\\\"mark\\\":7}\"}")).status());
        String later = "2999-01-01T00:00:00Z";
        ApiHarness.Answer prev = api.get("/dag/task/previous-output?dagId=etl&taskId=extract&before=" + later);
        assertEquals(200, prev.status(), prev.body());
        assertEquals("{\"mark\":7}", prev.json().get("output").get("text").asText());
        ApiHarness.Answer none = api.get("/dag/task/previous-output?dagId=etl&taskId=load&before=" + later);
        assertEquals(200, none.status(), none.body());
        assertTrue(none.json().get("output").isNull(), none.body());
        ApiHarness.Answer unknownDag = api.get("/dag/task/previous-output?dagId=nope&taskId=load&before=" + later);
        assertEquals(404, unknownDag.status());
        assertEquals("Unknown DAG 'nope'", unknownDag.error());
        ApiHarness.Answer unknownTask = api.get("/dag/task/previous-output?dagId=etl&taskId=ghost&before=" + later);
        assertEquals(404, unknownTask.status());
        assertEquals("DAG 'etl' has no task 'ghost'", unknownTask.error());
        ApiHarness.Answer badTime = api.get("/dag/task/previous-output?dagId=etl&taskId=load&before=yesterday");
        assertEquals(400, badTime.status(), badTime.body());
        assertEquals("before", badTime.field());
        assertTrue(runId > 0);
    }

    @Test
    void an_output_is_visible_only_once_the_success_carrying_it_is_committed() throws java.io.IOException {
        api.close();
        java.nio.file.Files.createDirectories(dir.resolve("stalled"));
        Node extract = Node.of(tasks.ok("extract"));
        extract.then(Node.of(tasks.ok("load")));
        StallingStore[] stalling = new StallingStore[1];
        api = new ApiHarness(dir.resolve("stalled"), DagRegistry.of(Dag.builder("etl").root(extract).build()), real -> {
            stalling[0] = new StallingStore(real);
            return stalling[0].store();
        });
        JsonNode task = api.triggerAndTake("etl");
        long runId = task.get("runId").asLong();
        AttemptKey key = new AttemptKey(runId, "extract", 0);
        stalling[0].stall(t -> t.key().equals(key) && t.to() == ppacer.api.TaskStatus.SUCCESS);
        java.util.concurrent.CompletableFuture<ApiHarness.Answer> report = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> api.post("/dag/task/update", ApiHarness.report(task, "SUCCESS",
                        ",\"output\":{\"contentType\":\"application/json\",\"text\":\"42\"}")));
        stalling[0].awaitStalled();
        assertTrue(api.scheduler.store().attempts().output(key).isEmpty(), "not committed: no output");
        ApiHarness.Answer pop = api.get("/dag/task/pop?waitMs=200&executorId=e2");
        assertEquals(204, pop.status(), "the child is not handed out before its parent's success: " + pop.body());
        stalling[0].release();
        assertEquals(200, report.join().status());
        assertEquals(TaskOutput.json("42"), api.scheduler.store().attempts().output(key).orElseThrow().output());
        ApiHarness.Answer load = api.get("/dag/task/pop?waitMs=5000&executorId=e2");
        assertEquals(200, load.status(), load.body());
        assertEquals("42", load.json().get("inputs").get("extract").get("text").asText());
    }

    @Test
    void a_child_handed_out_after_a_scheduler_restart_still_receives_its_parents_output() {
        JsonNode extract = api.triggerAndTake("etl");
        long runId = extract.get("runId").asLong();
        assertEquals(200, api.post("/dag/task/update", ApiHarness.report(extract, "SUCCESS",
                ",\"output\":{\"contentType\":\"application/json\",\"text\":\"[1,2]\"}")).status());
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().attempts().latest(runId).size() == 2,
                () -> "load's attempt: " + api.scheduler.store().attempts().latest(runId));
        api.close(); // load is SCHEDULED, not handed out: the next scheduler loads the run from the store
        Node e = Node.of(tasks.ok("extract"));
        e.then(Node.of(tasks.ok("load")));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("etl").root(e).build()), Optional.empty(), false);
        ApiHarness.Answer load = api.get("/dag/task/pop?waitMs=5000&executorId=e1");
        assertEquals(200, load.status(), load.body());
        assertEquals("load", load.json().get("taskId").asText());
        assertEquals("[1,2]", load.json().get("inputs").get("extract").get("text").asText());
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
