package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.testkit.Tasks;

/**
 * {@code /pools}: list, one pool, a size set at run time (growing lets a waiting attempt go at once,
 * shrinking below the slots held hands out nothing new), deletion refused for a declared pool, the
 * {@code ppacer_pool_slots} gauge, and bad input answered with JSON errors naming the value.
 */
class PoolEndpointsTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        TaskConfig pooled = TaskConfig.builder().pool("warehouse").build();
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("load").root(Node.of(tasks.ok("a"), pooled),
                Node.of(tasks.ok("b"), pooled), Node.of(tasks.ok("c"), pooled)).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private ApiHarness.Answer put(String path, String body) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    private ApiHarness.Answer delete(String path) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).DELETE(), null);
    }

    private JsonNode warehouse() {
        ApiHarness.Answer a = api.get("/pools/warehouse");
        assertEquals(200, a.status(), a.body());
        return a.json();
    }

    @Test
    void a_declared_pool_is_defined_resized_and_counted_at_run_time() {
        ApiHarness.Answer list = api.get("/pools");
        assertEquals(200, list.status(), list.body());
        assertEquals("{\"leader\":true,\"pools\":[{\"name\":\"warehouse\",\"slots\":0,\"used\":0,\"free\":0,\"waiting\":0,"
                + "\"defined\":false,\"holders\":[]}]}", list.body(), "declared by tasks, not defined yet");

        api.post("/dag/run/trigger", "{\"dagId\":\"load\"}");
        assertEquals(204, api.get("/dag/task/pop?waitMs=200&executorId=e1").status(), "an undefined pool has no slots");

        ApiHarness.Answer set = put("/pools/warehouse", "{\"slots\":1}");
        assertEquals(200, set.status(), set.body());
        assertEquals(1, set.json().get("slots").asInt());
        assertTrue(set.json().get("defined").asBoolean());
        ApiHarness.Answer first = api.get("/dag/task/pop?waitMs=5000&executorId=e1");
        assertEquals(200, first.status(), first.body());
        assertEquals(204, api.get("/dag/task/pop?waitMs=0&executorId=e1").status(), "1 slot, held");
        JsonNode w = warehouse();
        assertEquals(1, w.get("used").asInt());
        assertEquals(0, w.get("free").asInt());
        assertEquals(2, w.get("waiting").asInt());
        assertEquals(first.json().get("taskId").asText(), w.get("holders").get(0).get("taskId").asText());
        String metrics = api.get("/metrics").body();
        assertTrue(metrics.contains("ppacer_pool_slots{pool=\"warehouse\",state=\"used\"} 1"), metrics);
        assertTrue(metrics.contains("ppacer_pool_slots{pool=\"warehouse\",state=\"free\"} 0"), metrics);

        assertEquals(200, put("/pools/warehouse", "{\"slots\":2}").status());
        assertEquals(200, api.get("/dag/task/pop?waitMs=0&executorId=e1").status(), "grown: the waiting attempt goes at once");
        ApiHarness.Answer shrunk = put("/pools/warehouse", "{\"slots\":0}");
        assertEquals(200, shrunk.status(), shrunk.body());
        assertEquals(2, shrunk.json().get("used").asInt(), "the holders keep their slots");
        assertEquals(204, api.get("/dag/task/pop?waitMs=0&executorId=e1").status(), "nothing new below the slots held");
        assertEquals("anonymous", api.scheduler.store().pools().find("warehouse").orElseThrow().updatedBy(), "persisted");

        ApiHarness.Answer refused = delete("/pools/warehouse");
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.error().contains("in use"), refused.body());
    }

    /**
     * The README's precedence over a restart: a size set at run time ({@code PUT /pools/NAME}, what {@code ppacer
     * pool set} sends) is kept by the next scheduler on the same store, even when the configuration says
     * another size; a pool only configured follows the configuration.
     */
    @Test
    void a_size_set_at_run_time_survives_a_restart_and_wins_over_the_configuration() {
        api.close();
        Path restartDir = dir.resolve("restart");
        TaskConfig pooled = TaskConfig.builder().pool("warehouse").build();
        DagRegistry registry = DagRegistry.of(Dag.builder("load").root(Node.of(tasks.ok("a"), pooled)).build());
        api = new ApiHarness(restartDirOf(restartDir), registry, ppacer.server.ServerConfig.defaults(),
                b -> b.pool("warehouse", 2).pool("spare", 4));
        assertEquals(2, warehouse().get("slots").asInt(), "seeded by the configuration");
        ApiHarness.Answer set = put("/pools/warehouse", "{\"slots\":5}");
        assertEquals(200, set.status(), set.body());
        api.close();

        api = new ApiHarness(restartDir, registry, ppacer.server.ServerConfig.defaults(),
                b -> b.pool("warehouse", 3).pool("spare", 6));
        assertEquals(5, warehouse().get("slots").asInt(), "the size set at run time is kept over a restart and a new"
                + " configured size");
        assertEquals(5, api.scheduler.poolUsage("warehouse").orElseThrow().slots(), "the leader's queue uses it");
        ApiHarness.Answer spare = api.get("/pools/spare");
        assertEquals(6, spare.json().get("slots").asInt(), "a pool last set by the configuration follows it: " + spare.body());
        api.close();

        api = new ApiHarness(restartDir, registry, ppacer.server.ServerConfig.defaults(),
                b -> b.pool("warehouse", 3).pool("spare", 6));
        assertEquals(5, warehouse().get("slots").asInt(), "and over a second restart");
    }

    private static Path restartDirOf(Path dir) {
        try {
            return java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void bad_input_is_answered_with_json_errors_and_changes_nothing() {
        ApiHarness.Answer unknown = put("/pools/nope", "{\"slots\":3}");
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.error().contains("Unknown pool 'nope'") && unknown.error().contains("warehouse"), unknown.body());
        assertEquals(404, delete("/pools/nope").status());
        assertEquals(404, api.get("/pools/nope").status());

        ApiHarness.Answer negative = put("/pools/warehouse", "{\"slots\":-1}");
        assertEquals(400, negative.status(), negative.body());
        assertEquals("slots", negative.field());
        assertTrue(negative.error().contains("-1"), negative.body());
        ApiHarness.Answer text = put("/pools/warehouse", "{\"slots\":\"many\"}");
        assertEquals(400, text.status(), text.body());
        assertTrue(text.error().contains("\"many\"") || text.error().contains("many"), text.body());
        assertEquals(400, put("/pools/warehouse", "{}").status());
        assertEquals(400, put("/pools/warehouse", "{\"slots\":1.5}").status());
        assertEquals(400, put("/pools/warehouse", "not json").status());
        assertFalse(warehouse().get("defined").asBoolean(), "nothing was stored");
        assertTrue(api.scheduler.store().pools().list().isEmpty());

        assertEquals(200, put("/pools/warehouse", "{\"slots\":4}").status());
        ApiHarness.Answer declared = delete("/pools/warehouse");
        assertEquals(409, declared.status(), declared.body());
        assertTrue(declared.error().contains("declared by tasks"), declared.body());
    }
}
