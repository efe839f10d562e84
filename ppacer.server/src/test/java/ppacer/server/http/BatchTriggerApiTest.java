package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.spi.DagRunRecord;
import ppacer.server.ServerConfig;
import ppacer.testkit.Tasks;

/**
 * {@code POST /dags/{dagId}/runs/batch} on a real server: the run ids in order, each run with its
 * parameters and logical time; bad input is a 400 naming the item and its value, with nothing
 * created; a viewer key and an operator key of another DAG are refused.
 */
class BatchTriggerApiTest {
    private static final String TOKEN = RoleMatrixTest.LEGACY;

    @TempDir
    Path dir;

    private static DagRegistry registry() {
        Tasks tasks = new Tasks();
        return DagRegistry.of(Dag.builder("load").root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("other").root(Node.of(tasks.ok("t"))).build());
    }

    private static ApiHarness harness(Path dir) {
        return new ApiHarness(dir, registry(), ServerConfig.defaults().withToken(Optional.of(TOKEN), false)
                .withAuth(new ServerConfig.Auth(1_000_000, java.time.Duration.ofSeconds(5))));
    }

    @Test
    void a_batch_answers_the_run_ids_in_order_with_params_and_logical_times() {
        try (ApiHarness api = harness(dir)) {
            String operator = RoleMatrixTest.create(api, "op", "operator");
            StringBuilder body = new StringBuilder("{\"runs\":[");
            for (int i = 0; i < 300; i++) {
                body.append(i == 0 ? "" : ",").append(i == 5 ? "{\"params\":{\"i\":5},\"logicalTime\":\"2026-01-01T00:00:00+01:00\"}"
                        : i == 6 ? "{}" : "{\"params\":{\"i\":" + i + "}}");
            }
            ApiHarness.Answer a = api.post("/dags/load/runs/batch", body.append("]}").toString(), operator);
            assertEquals(200, a.status(), a.body());
            assertEquals("load", a.json().get("dagId").asText());
            List<Long> ids = new ArrayList<>();
            a.json().get("runIds").forEach(n -> ids.add(n.asLong()));
            assertEquals(300, ids.size(), a.body());
            for (int i : new int[] {0, 1, 5, 6, 299}) {
                DagRunRecord r = api.scheduler.store().dagRuns().find(ids.get(i)).orElseThrow();
                assertEquals(i == 6 ? "{}" : "{\"i\":" + i + "}", r.paramsJson(), "item " + i);
                assertEquals("load", r.dagId());
            }
            assertEquals(Instant.parse("2025-12-31T23:00:00Z"), api.scheduler.store().dagRuns().find(ids.get(5)).orElseThrow()
                    .logicalTime());
            JsonNode audit = api.get("/audit", TOKEN).json();
            assertTrue(audit.toString().contains("run.trigger_batch"), audit.toString());
        }
    }

    @Test
    void bad_input_is_a_400_naming_the_item_and_nothing_is_created() {
        try (ApiHarness api = harness(dir)) {
            record Case(String body, String field, String inMessage) {
            }
            List<Case> cases = List.of(
                    new Case("{\"runs\":[{},{\"params\":[1,2]}]}", "runs[1].params", "[1,2]"),
                    new Case("{\"runs\":[{\"logicalTime\":\"yesterday\"}]}", "runs[0].logicalTime", "yesterday"),
                    new Case("{\"runs\":[{\"logicalTime\":5}]}", "runs[0].logicalTime", "5"),
                    new Case("{\"runs\":[{},7]}", "runs[1]", "7"),
                    new Case("{\"runs\":[{\"parms\":{}}]}", "runs[0].parms", "parms"),
                    new Case("{\"runs\":[]}", "runs", "at least one run"),
                    new Case("{\"runs\":{}}", "runs", "array"),
                    new Case("{}", "runs", "absent"));
            for (Case c : cases) {
                ApiHarness.Answer a = api.post("/dags/load/runs/batch", c.body(), TOKEN);
                assertEquals(400, a.status(), c.body() + " -> " + a.body());
                assertEquals(c.field(), a.field(), c.body() + " -> " + a.body());
                assertTrue(a.error().contains(c.inMessage()), c.body() + " -> " + a.body());
            }
            ApiHarness.Answer unknown = api.post("/dags/nope/runs/batch", "{\"runs\":[{}]}", TOKEN);
            assertEquals(404, unknown.status(), unknown.body());
            assertTrue(unknown.error().contains("'nope'"), unknown.body());
            assertEquals(List.of(), api.scheduler.store().dagRuns().recent(Optional.empty(), Optional.empty(), 10),
                    "nothing created");
        }
    }

    @Test
    void a_viewer_and_an_operator_of_another_dag_are_refused() {
        try (ApiHarness api = harness(dir)) {
            String viewer = RoleMatrixTest.create(api, "v", "viewer");
            ApiHarness.Answer a = api.post("/tokens", "{\"name\":\"op-other\",\"role\":\"operator\",\"dags\":[\"other\"]}", TOKEN);
            assertEquals(200, a.status(), a.body());
            String otherOperator = a.json().get("key").asText();
            assertEquals(403, api.post("/dags/load/runs/batch", "{\"runs\":[{}]}", viewer).status());
            ApiHarness.Answer scoped = api.post("/dags/load/runs/batch", "{\"runs\":[{}]}", otherOperator);
            assertEquals(403, scoped.status(), scoped.body());
            assertEquals(200, api.post("/dags/other/runs/batch", "{\"runs\":[{}]}", otherOperator).status());
            assertEquals(1, api.scheduler.store().dagRuns().recent(Optional.empty(), Optional.empty(), 10).size());
        }
    }
}
