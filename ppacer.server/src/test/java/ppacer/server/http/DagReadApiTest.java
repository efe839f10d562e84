package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagSource;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;
import ppacer.api.TriggerRule;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * What {@code GET /dags/{dagId}} and {@code GET /dags/{dagId}/runs} tell the UI beyond the graph: where
 * a DAG's code comes from, each task's settings, and the durations of finished runs (the run-duration chart).
 */
class DagReadApiTest {
    @TempDir
    Path dir;
    private ApiHarness api;

    /** A DAG source as users write them. */
    public static final class Sources implements DagSource {
        private final Tasks tasks = new Tasks();

        /** Found like a ServiceLoader provider. */
        public Sources() {
        }

        @Override
        public List<Dag> dags() {
            Node a = Node.of(tasks.ok("a"), TaskConfig.builder().retries(3).priorityWeight(7).pool("warehouse").poolSlots(2)
                    .timeout(Duration.ofSeconds(90)).alertOnRetry(true)
                    .retryDelay(RetryDelay.exponential(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1), 0.2)).build());
            a.then(Node.of(tasks.ok("b"), TaskConfig.builder().triggerRule(TriggerRule.ALL_DONE)
                    .alertOnFailure(false).retryDelay(RetryDelay.constant(Duration.ofSeconds(5))).build()));
            return List.of(Dag.builder("sourced").root(a).build());
        }
    }

    @BeforeEach
    void start() {
        Dag direct = Dag.builder("direct").root(Node.of(new Tasks().ok("only"))).build();
        DagSource inline = () -> List.of(direct);
        api = new ApiHarness(dir, DagRegistry.fromSources(List.of(new Sources(), inline)), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void a_dag_names_the_source_class_module_and_jar_of_its_code() {
        JsonNode source = api.get("/dags/sourced").json().get("source");
        assertEquals(Sources.class.getName(), source.get("sourceClass").asText(), source.toString());
        String location = source.get("location").asText();
        assertTrue(location.startsWith("file:") && location.contains("test-classes"), "where the class was loaded from: "
                + location);
        assertTrue(source.get("module").isNull() || source.get("module").asText().startsWith("ppacer.server"),
                source.toString());
    }

    @Test
    void each_task_shows_its_settings() {
        JsonNode tasks = api.get("/dags/sourced").json().get("taskList");
        JsonNode a = tasks.get(0);
        assertEquals("a", a.get("taskId").asText());
        assertEquals(3, a.get("retries").asInt());
        assertEquals(7, a.get("priorityWeight").asInt());
        assertEquals("warehouse", a.get("pool").asText());
        assertEquals(2, a.get("poolSlots").asInt());
        assertTrue(tasks.get(1).get("pool").isNull(), "b uses no pool");
        assertEquals(0, tasks.get(1).get("poolSlots").asInt());
        assertEquals(90.0, a.get("timeoutSeconds").asDouble());
        assertEquals("2.0s x2.0 up to 1m0.0s, ±20% jitter", a.get("retryDelay").asText());
        assertTrue(a.get("alertOnRetry").asBoolean());
        assertTrue(a.get("alertOnFailure").asBoolean());
        assertFalse(a.get("definition").asText().isBlank(), a.toString());
        JsonNode b = tasks.get(1);
        assertEquals("ALL_DONE", b.get("triggerRule").asText());
        assertEquals("5.0s", b.get("retryDelay").asText());
        assertFalse(b.get("alertOnFailure").asBoolean());
    }

    @Test
    void finished_runs_carry_their_duration_in_seconds_running_ones_none() {
        long runId = api.post("/dag/run/trigger", "{\"dagId\":\"direct\"}").json().get("runId").asLong();
        JsonNode running = api.get("/dags/direct/runs").json().get(0);
        assertEquals(runId, running.get("runId").asLong());
        assertTrue(running.get("durationSeconds").isNull(), running.toString());
        assertEquals(200, api.post("/dag/run/" + runId + "/task/only/mark", "{\"status\":\"SUCCESS\"}").status());
        Await.until(Duration.ofSeconds(60), () -> api.get("/dags/direct/runs").json().get(0).get("status").asText()
                .equals("SUCCESS"), () -> "run " + runId + " ends SUCCESS");
        JsonNode done = api.get("/dags/direct/runs").json().get(0);
        assertTrue(done.get("durationSeconds").isNumber() && done.get("durationSeconds").asDouble() >= 0, done.toString());
    }
}
