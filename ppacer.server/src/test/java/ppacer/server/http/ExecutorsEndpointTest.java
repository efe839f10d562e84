package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;
import ppacer.testkit.Tasks;

/**
 * {@code GET /executors} and the {@code ppacer_executors} metric: an executor appears with its first
 * poll, shows the attempts it holds, is {@code polling} while its long poll waits and {@code gone}
 * after 30 s (the scheduler's clock) without contact.
 */
class ExecutorsEndpointTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("one").root(Node.of(tasks.ok("t"))).build()), clock);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode executor(String id) {
        for (JsonNode e : api.get("/executors").json().get("executors")) {
            if (e.get("executorId").asText().equals(id)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void executors_appear_hold_attempts_poll_and_go() {
        ApiHarness.Answer none = api.get("/executors");
        assertEquals(200, none.status(), none.body());
        assertEquals("{\"leader\":true,\"goneAfterSeconds\":30,\"executors\":[]}", none.body());

        assertEquals(204, api.get("/dag/task/pop?waitMs=0&executorId=e1").status());
        assertEquals("active", executor("e1").get("state").asText());
        assertEquals(0, executor("e1").get("running").asInt());

        api.post("/dag/run/trigger", "{\"dagId\":\"one\"}");
        ApiHarness.Answer task = api.get("/dag/task/pop?waitMs=5000&executorId=e1");
        assertEquals(200, task.status(), task.body());
        assertEquals(1, executor("e1").get("running").asInt(), "e1 holds the attempt it took");

        CompletableFuture<ApiHarness.Answer> waiting = CompletableFuture.supplyAsync(
                () -> api.get("/dag/task/pop?waitMs=3000&executorId=e2"));
        Await.until(Duration.ofSeconds(60), () -> executor("e2") != null && executor("e2").get("state").asText()
                .equals("polling"), () -> "e2 polling: " + api.get("/executors").body());
        assertEquals(204, waiting.join().status());

        clock.advance(Duration.ofSeconds(31));
        assertEquals("gone", executor("e1").get("state").asText(), "31 s without contact");
        assertEquals(1, executor("e1").get("running").asInt(), "its attempt is still RUNNING until its lease ends");
        String metrics = api.get("/metrics").body();
        assertTrue(metrics.contains("ppacer_executors{state=\"gone\"} 2"), metrics);
        assertTrue(metrics.contains("ppacer_executors{state=\"polling\"} 0"), metrics);

        assertEquals(204, api.get("/dag/task/pop?waitMs=0&executorId=e2").status());
        assertEquals("active", executor("e2").get("state").asText(), "back in touch");
        assertEquals("e2", api.get("/executors").json().get("executors").get(0).get("executorId").asText(),
                "the latest contact first");
    }
}
