package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.AssetEvent;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.AssetCondition;
import ppacer.api.spi.DagRunSummary;
import ppacer.testkit.Await;

/**
 * Assets over a real Helidon server: the three-DAG chain run by a real executor over HTTP (its
 * tasks see the triggering events that travelled in the hand-out), and {@code POST
 * /assets/{name}/events}: 201, 200 for a repeated idempotency key, 404 for an asset no DAG names,
 * 400 naming the field for malformed metadata; {@code GET /assets}, {@code GET /assets/{name}} and
 * the missing assets of {@code GET /dags/{id}}.
 */
class AssetOverHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private final Map<String, List<List<AssetEvent>>> seen = new ConcurrentHashMap<>();

    private Task recording(String id) {
        return Task.of(id, ctx -> seen.computeIfAbsent(ctx.dagId(), k -> new CopyOnWriteArrayList<>())
                .add(ctx.triggeringEvents()));
    }

    private DagRegistry chain() {
        return DagRegistry.of(
                Dag.builder("a").root(Node.of(Task.of("make_x", ctx -> { })).produces("s3://bucket/x")).build(),
                Dag.builder("b").onAssets(AssetCondition.asset("s3://bucket/x"))
                        .root(Node.of(recording("make_y")).produces("y")).build(),
                Dag.builder("c").onAssets(AssetCondition.all("s3://bucket/x", "y")).root(Node.of(recording("report")))
                        .build());
    }

    private static boolean done(ApiHarness api, String dagId, int n) {
        List<DagRunSummary> l = api.scheduler.store().dagRuns().recent(Optional.of(dagId), Optional.empty(), 100);
        return l.size() == n && l.stream().allMatch(r -> r.run().status() == DagRunStatus.SUCCESS);
    }

    @Test
    void the_chain_runs_on_a_real_executor_over_http_and_its_tasks_see_the_triggering_events() {
        try (ApiHarness api = new ApiHarness(dir, chain(), Optional.empty(), false)) {
            ppacer.exec.SchedulerLink http = ppacer.exec.SchedulerLink.http(ppacer.exec.client.SchedulerClient.create(
                    api.server.uri(), Optional.empty(), Duration.ofSeconds(10)));
            ppacer.exec.Executor executor = ppacer.exec.Executor.create(api.scheduler.registry(), http,
                    ppacer.exec.ExecutorConfig.builder().executorId("exec-http-1").longPollWait(Duration.ofMillis(500))
                            .build()).start();
            try {
                ApiHarness.Answer dag = api.get("/dags/c");
                assertEquals(200, dag.status(), dag.body());
                assertEquals("all(s3://bucket/x, y)", dag.json().get("assets").get("condition").asText(), dag.body());
                assertEquals(List.of("s3://bucket/x", "y"), strings(dag.json().get("assets").get("missing")));
                api.scheduler.trigger("a", "{}");
                Await.until(WAIT, () -> done(api, "a", 1) && done(api, "b", 1) && done(api, "c", 1),
                        () -> "runs of c: " + api.scheduler.store().dagRuns().recent(Optional.of("c"), Optional.empty(), 9));
                AssetEvent x = api.scheduler.assetEvents("s3://bucket/x", java.util.OptionalLong.empty(), 1).getFirst();
                AssetEvent y = api.scheduler.assetEvents("y", java.util.OptionalLong.empty(), 1).getFirst();
                assertEquals(List.of(List.of(x)), seen.get("b"), "the event travelled in the hand-out");
                assertEquals(List.of(List.of(x, y)), seen.get("c"));

                // an external event over the API: B runs again, then C with B's new y and this x
                ApiHarness.Answer posted = api.post("/assets/s3:%2F%2Fbucket%2Fx/events",
                        "{\"metadata\":{\"rows\":42},\"idempotencyKey\":\"load-2026-05-01\"}");
                assertEquals(201, posted.status(), posted.body());
                assertTrue(posted.json().get("created").asBoolean());
                assertEquals("EXTERNAL", posted.json().get("event").get("source").asText());
                assertEquals("{\"rows\":42}", posted.json().get("event").get("metadataJson").asText());
                Await.until(WAIT, () -> done(api, "b", 2) && done(api, "c", 2), () -> "second round");
                assertEquals("{\"rows\":42}", seen.get("b").get(1).getFirst().metadataJson());
            } finally {
                executor.close();
            }
        }
    }

    @Test
    void posting_events_answers_201_then_200_for_a_repeated_key_404_for_an_unknown_asset_400_for_bad_metadata() {
        try (ApiHarness api = new ApiHarness(dir, chain(), Optional.empty(), false)) {
            api.scheduler.pause("b");
            api.scheduler.pause("c");
            ApiHarness.Answer first = api.post("/assets/y/events", "{\"idempotencyKey\":\"k\"}");
            assertEquals(201, first.status(), first.body());
            ApiHarness.Answer again = api.post("/assets/y/events", "{\"idempotencyKey\":\"k\",\"metadata\":{\"n\":2}}");
            assertEquals(200, again.status(), again.body());
            assertFalse(again.json().get("created").asBoolean());
            assertEquals(first.json().get("event"), again.json().get("event"), "the first event is answered");
            ApiHarness.Answer noBody = api.post("/assets/y/events", "");
            assertEquals(201, noBody.status(), "without a key every post is an event: " + noBody.body());
            ApiHarness.Answer slashes = api.post("/assets/s3://bucket/x/events", "{}");
            assertEquals(201, slashes.status(), slashes.body());
            assertEquals("s3://bucket/x", slashes.json().get("event").get("asset").asText());

            ApiHarness.Answer unknown = api.post("/assets/nobody.uses.this/events", "{}");
            assertEquals(404, unknown.status(), unknown.body());
            assertEquals("Unknown asset 'nobody.uses.this': no DAG produces or consumes it (known: [s3://bucket/x, y])",
                    unknown.json().get("error").asText());
            ApiHarness.Answer list = api.post("/assets/y/events", "{\"metadata\":[1,2]}");
            assertEquals(400, list.status(), list.body());
            assertEquals("metadata", list.json().get("field").asText(), list.body());
            ApiHarness.Answer notJson = api.post("/assets/y/events", "{\"metadata\":");
            assertEquals(400, notJson.status(), notJson.body());
            ApiHarness.Answer key = api.post("/assets/y/events", "{\"idempotencyKey\":7}");
            assertEquals(400, key.status(), key.body());
            assertEquals("idempotencyKey", key.json().get("field").asText(), key.body());
            ApiHarness.Answer badName = api.post("/assets/bad%20name/events", "{}");
            assertEquals(400, badName.status(), badName.body());

            ApiHarness.Answer all = api.get("/assets");
            assertEquals(200, all.status(), all.body());
            JsonNode y = null;
            for (JsonNode n : all.json().get("assets")) {
                if (n.get("name").asText().equals("y")) {
                    y = n;
                }
            }
            assertEquals(List.of("b/make_y"), strings(y.get("producers")), all.body());
            assertEquals(List.of("c"), strings(y.get("consumers")), all.body());
            assertEquals(noBody.json().get("event").get("id"), y.get("latest").get("id"), all.body());
            ApiHarness.Answer one = api.get("/assets/y?limit=1");
            assertEquals(200, one.status(), one.body());
            assertEquals(1, one.json().get("events").size(), one.body());
            long next = one.json().get("nextBeforeId").asLong();
            ApiHarness.Answer page2 = api.get("/assets/y?limit=1&beforeId=" + next);
            assertEquals(first.json().get("event").get("id"), page2.json().get("events").get(0).get("id"), page2.body());
            assertEquals(404, api.get("/assets/nobody.uses.this").status());
            ApiHarness.Answer c = api.get("/dags/c");
            assertEquals(List.of(), strings(c.json().get("assets").get("missing")), "paused C has x and y: " + c.body());
            assertEquals(3, c.json().get("assets").get("pendingEvents").size(), c.body());
            assertTrue(api.get("/dags/a").json().get("assets").isNull(), "a DAG not on assets");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
