package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.ScheduleEventType;
import ppacer.scheduler.RetentionConfig;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * The audit log over HTTP: each operator action writes exactly one row (who, from where, what, the
 * state before and after); an action that fails or changes nothing writes none; {@code GET /audit}
 * filters and pages newest first.
 */
class AuditApiTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private DagRegistry dags() {
        return DagRegistry.of(Dag.builder("manual").root(Node.of(tasks.ok("only"))).build(),
                Dag.builder("daily").schedule(Schedule.every(Duration.ofDays(1), START)).catchUp(false)
                        .root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("pooled").root(Node.of(tasks.ok("p"), TaskConfig.builder().pool("warehouse").build())).build());
    }

    private List<JsonNode> audit(String query) {
        ApiHarness.Answer a = api.get("/audit" + query);
        assertEquals(200, a.status(), a.body());
        List<JsonNode> out = new ArrayList<>();
        a.json().get("entries").forEach(out::add);
        return out;
    }

    private JsonNode newest() {
        return audit("?limit=1").getFirst();
    }

    private int count() {
        return audit("?limit=1000").size();
    }

    private ApiHarness.Answer ok(ApiHarness.Answer a) {
        assertEquals(200, a.status(), a.body());
        return a;
    }

    /** Asserts the newest row and that the action added exactly one. */
    private JsonNode one(int before, String action, String beforeState, String afterState) {
        assertEquals(before + 1, count(), "exactly one row for " + action);
        JsonNode e = newest();
        assertEquals(action, e.get("action").asText(), e.toString());
        assertEquals("anonymous", e.get("actor").asText(), e.toString());
        assertEquals("127.0.0.1", e.get("address").asText(), e.toString());
        assertEquals(beforeState, e.get("before").isNull() ? null : e.get("before").asText(), e.toString());
        assertEquals(afterState, e.get("after").isNull() ? null : e.get("after").asText(), e.toString());
        return e;
    }

    private void awaitRun(long runId, DagRunStatus status) {
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status() == status,
                () -> "run " + runId + " to be " + status);
    }

    private void awaitAttempt(long runId) {
        Await.until(Duration.ofSeconds(60), () -> !api.scheduler.store().attempts().latest(runId).isEmpty(),
                () -> "an attempt of run " + runId);
    }

    private ApiHarness.Answer put(String path, String body) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    private ApiHarness.Answer delete(String path) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).DELETE(), null);
    }

    @Test
    void each_operator_action_writes_one_row_and_failed_ones_none() {
        api = new ApiHarness(dir, dags(), Optional.empty(), false);
        assertEquals(0, count());

        ok(api.post("/dags/daily/pause", ""));
        assertEquals("daily", one(0, "dag.pause", "active", "paused").get("dagId").asText());
        ok(api.post("/dags/daily/pause", ""));
        assertEquals(1, count(), "pausing a paused DAG changes nothing");
        ok(api.post("/dags/daily/unpause", ""));
        one(1, "dag.unpause", "paused", "active");

        long runId = ok(api.post("/dag/run/trigger", "{\"dagId\":\"manual\"}")).json().get("runId").asLong();
        JsonNode trigger = one(2, "run.trigger", null, "SCHEDULED");
        assertEquals(runId, trigger.get("runId").asLong());
        assertEquals("manual", trigger.get("dagId").asText());
        awaitAttempt(runId);

        ok(api.post("/dag/run/" + runId + "/task/only/mark", "{\"status\":\"FAILED\"}"));
        JsonNode mark = one(3, "task.mark", "SCHEDULED", "FAILED");
        assertEquals("only", mark.get("taskId").asText());
        assertEquals(runId, mark.get("runId").asLong());
        awaitRun(runId, DagRunStatus.FAILED);

        ok(api.post("/dag/run/restart", "{\"runId\":" + runId + "}"));
        one(4, "run.restart", "FAILED", "RUNNING");
        awaitAttempt(runId);
        ok(api.post("/dag/run/" + runId + "/task/only/mark", "{\"status\":\"SUCCESS\"}"));
        one(5, "task.mark", "SCHEDULED", "SUCCESS");
        awaitRun(runId, DagRunStatus.SUCCESS);

        ok(api.post("/dag/run/" + runId + "/task/only/clear", ""));
        assertEquals("only", one(6, "task.clear", "SUCCESS", "cleared").get("taskId").asText());

        ok(put("/pools/warehouse", "{\"slots\":2}"));
        assertEquals("warehouse", one(7, "pool.set", null, "slots=2").get("pool").asText());
        ok(put("/pools/warehouse", "{\"slots\":2}"));
        assertEquals(8, count(), "the same size changes nothing");
        api.scheduler.store().pools().put(new PoolRecord("old", 3, START, "api"));
        ok(delete("/pools/old"));
        one(8, "pool.delete", "slots=3", null);

        long b = ok(api.post("/dags/daily/backfills", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\",\"maxActive\":1}"))
                .json().get("id").asLong();
        JsonNode created = one(9, "backfill.create", null, "RUNNING 2024-01-01T00:00:00Z to 2024-01-03T00:00:00Z, 3 points");
        assertEquals(b, created.get("backfillId").asLong());
        ok(api.post("/backfills/" + b + "/pause", ""));
        assertEquals(b, one(10, "backfill.pause", "RUNNING", "PAUSED").get("backfillId").asLong());
        ok(api.post("/backfills/" + b + "/resume", ""));
        one(11, "backfill.resume", "PAUSED", "RUNNING");
        ok(api.post("/backfills/" + b + "/cancel", ""));
        one(12, "backfill.cancel", "RUNNING", "CANCELLED");

        // failing actions: unknown ids, wrong states, bad bodies, refused changes
        assertEquals(404, api.post("/dag/run/restart", "{\"runId\":777}").status());
        assertEquals(409, api.post("/dag/run/restart", "{\"runId\":" + runId + "}").status(), "not FAILED");
        assertEquals(400, api.post("/dag/run/trigger", "{\"dagId\":\"manual\",\"params\":[1]}").status());
        assertEquals(404, api.post("/dag/run/trigger", "{\"dagId\":\"nope\"}").status());
        assertEquals(400, api.post("/dag/run/" + runId + "/task/only/mark", "{\"status\":\"MAYBE\"}").status());
        assertEquals(404, api.post("/dag/run/777/task/only/clear", "").status());
        assertEquals(404, api.post("/dags/nope/pause", "").status());
        assertEquals(409, delete("/pools/warehouse").status(), "declared by a task");
        assertEquals(404, delete("/pools/never").status());
        assertEquals(400, put("/pools/warehouse", "{\"slots\":-1}").status());
        assertEquals(409, api.post("/backfills/" + b + "/pause", "").status(), "cancelled");
        assertEquals(400, api.post("/dags/daily/backfills", "{\"from\":\"2024-01-03\",\"to\":\"2024-01-01\"}").status());
        assertEquals(400, api.send(HttpRequest.newBuilder(api.uri("/dags/daily/pause")).header(Actors.HEADER, "bad name!")
                .POST(HttpRequest.BodyPublishers.noBody()), null).status(), "a bad actor claim");
        assertEquals(13, count(), "failed actions write no row");
    }

    /**
     * API keys and cleans: a key's creation and revocation and a clean that deletes write one row each
     * (never the key's secret); a refused key, the revocation of an unknown key, a dry run, a clean
     * that finds nothing and a bad clean write none.
     */
    @Test
    void keys_and_cleans_write_one_row_each_and_failed_ones_none() {
        api = new ApiHarness(dir, dags(), ServerConfig.defaults().withToken(Optional.of("s3cret"), false),
                b -> b.retention(RetentionConfig.builder().keepLastPerDag(1).batchSize(1).pause(Duration.ZERO).build()));
        ApiHarness.Answer created = ok(api.post("/tokens", "{\"name\":\"ci\",\"role\":\"operator\",\"dags\":[\"etl_*\"]}",
                "s3cret"));
        String secret = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        JsonNode create = oneBy("token", 0, "token.create", null, "key 'ci' (id " + id + ", role operator, DAGs etl_*): active");
        assertTrue(create.get("dagId").isNull(), create.toString());
        ok(api.send(HttpRequest.newBuilder(api.uri("/tokens/ci")).DELETE(), "s3cret"));
        oneBy("token", 1, "token.revoke", "key 'ci': active", "key 'ci': revoked");

        Instant old = Instant.now().minus(Duration.ofDays(40));
        for (int i = 0; i < 3; i++) {
            long run = api.scheduler.store().dagRuns().insert(new NewDagRun("manual", START.plus(Duration.ofDays(i)),
                    DagRunStatus.QUEUED, "{}", ScheduleEventType.MANUALLY_TRIGGERED, 1, old));
            assertTrue(api.scheduler.store().dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, old));
        }
        assertEquals(0, ok(api.post("/maintenance/clean", "{\"olderThan\":\"P30D\",\"dryRun\":true}", "s3cret"))
                .json().get("batches").asLong());
        assertEquals(2, count("s3cret"), "a dry run deletes nothing and writes no row");
        ApiHarness.Answer clean = ok(api.post("/maintenance/clean", "{\"olderThan\":\"P30D\",\"dagId\":\"manual\"}",
                "s3cret"));
        assertEquals(2, clean.json().get("rows").get("runs").asLong(), clean.body());
        assertEquals(2, clean.json().get("batches").asLong(), "two batches, one row: " + clean.body());
        assertEquals("manual", oneBy("token", 2, "db.clean", null, "finished runs older than PT720H deleted (DAG manual)")
                .get("dagId").asText());

        // failing or empty actions
        assertEquals(200, api.post("/maintenance/clean", "{\"olderThan\":\"P30D\"}", "s3cret").status(), "nothing left");
        assertEquals(400, api.post("/maintenance/clean", "{\"olderThan\":\"soon\"}", "s3cret").status());
        assertEquals(404, api.post("/maintenance/clean", "{\"olderThan\":\"P1D\",\"dagId\":\"nope\"}", "s3cret").status());
        assertEquals(404, api.send(HttpRequest.newBuilder(api.uri("/tokens/ci")).DELETE(), "s3cret").status(), "revoked");
        assertEquals(400, api.post("/tokens", "{\"name\":\"x\",\"role\":\"boss\"}", "s3cret").status());
        assertEquals(400, api.post("/tokens", "{\"name\":\"x\",\"role\":\"viewer\",\"dags\":[\"etl_*\"]}", "s3cret")
                .status());
        assertEquals(401, api.post("/tokens", "{\"name\":\"x\",\"role\":\"viewer\"}", secret).status(), "revoked key");
        assertEquals(3, count("s3cret"), "failed actions write no row");
        String all = ok(api.get("/audit?limit=1000", "s3cret")).body();
        assertTrue(!all.contains(secret) && !all.contains(secret.substring(secret.length() - 16)),
                "no secret in the audit log: " + all);
    }

    private int count(String key) {
        return ok(api.get("/audit?limit=1000", key)).json().get("entries").size();
    }

    /** As {@link #one}, for an actor other than {@code anonymous}, through the admin token. */
    private JsonNode oneBy(String actor, int before, String action, String beforeState, String afterState) {
        assertEquals(before + 1, count("s3cret"), "exactly one row for " + action);
        JsonNode e = ok(api.get("/audit?limit=1", "s3cret")).json().get("entries").get(0);
        assertEquals(action, e.get("action").asText(), e.toString());
        assertEquals(actor, e.get("actor").asText(), e.toString());
        assertEquals("127.0.0.1", e.get("address").asText(), e.toString());
        assertEquals(beforeState, e.get("before").isNull() ? null : e.get("before").asText(), e.toString());
        assertEquals(afterState, e.get("after").isNull() ? null : e.get("after").asText(), e.toString());
        return e;
    }

    @Test
    void the_actor_is_the_token_or_anonymous_with_a_claimed_user() {
        api = new ApiHarness(dir, dags(), ServerConfig.defaults().withToken(Optional.of("s3cret"), false));
        assertEquals(401, api.post("/dags/daily/pause", "").status());
        assertEquals(0, count(), "an unauthenticated call writes nothing");
        ok(api.post("/dags/daily/pause", "", "s3cret"));
        assertEquals("token", newest().get("actor").asText());
        ok(api.send(HttpRequest.newBuilder(api.uri("/dags/daily/unpause")).header(Actors.HEADER, "alice")
                .POST(HttpRequest.BodyPublishers.noBody()), "s3cret"));
        assertEquals("token:alice", newest().get("actor").asText());
        assertEquals(1, audit("?actor=token:alice").size());
    }

    @Test
    void the_log_filters_and_pages_newest_first() {
        api = new ApiHarness(dir, dags(), Optional.empty(), false);
        for (int i = 0; i < 3; i++) {
            ok(api.post("/dags/daily/pause", ""));
            ok(api.post("/dags/daily/unpause", ""));
        }
        ok(api.send(HttpRequest.newBuilder(api.uri("/dags/manual/pause")).header(Actors.HEADER, "bob")
                .POST(HttpRequest.BodyPublishers.noBody()), null));
        assertEquals(7, count());
        assertEquals(6, audit("?dag=daily").size());
        assertEquals(3, audit("?dag=daily&action=dag.pause").size());
        assertEquals(List.of("manual"), audit("?actor=anonymous:bob").stream().map(e -> e.get("dagId").asText()).toList());
        assertEquals(0, audit("?since=2999-01-01T00:00:00Z").size());
        assertEquals(7, audit("?since=P1D").size());

        ApiHarness.Answer first = ok(api.get("/audit?limit=3"));
        List<Long> ids = new ArrayList<>();
        first.json().get("entries").forEach(e -> ids.add(e.get("id").asLong()));
        long next = first.json().get("next").asLong();
        assertEquals(ids.getLast(), next);
        ApiHarness.Answer page = ok(api.get("/audit?limit=3&before=" + next));
        page.json().get("entries").forEach(e -> ids.add(e.get("id").asLong()));
        ApiHarness.Answer last = ok(api.get("/audit?limit=3&before=" + page.json().get("next").asLong()));
        last.json().get("entries").forEach(e -> ids.add(e.get("id").asLong()));
        assertTrue(last.json().get("next").isNull(), last.body());
        assertEquals(7, ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) < ids.get(i - 1), "newest first: " + ids);
        }

        for (String bad : List.of("?limit=0", "?limit=x", "?since=yesterday", "?since=P-1D", "?action=DROP", "?dag=../x",
                "?before=0")) {
            ApiHarness.Answer a = api.get("/audit" + bad);
            assertEquals(400, a.status(), bad + ": " + a.body());
            assertTrue(a.json().get("error").asText().contains("was"), a.body());
        }
    }
}
