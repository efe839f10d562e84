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

    @Test
    void each_executor_is_listed_with_the_address_it_polls_from_and_the_version_it_sends() {
        ApiHarness.Answer plain = api.get("/dag/task/pop?waitMs=0&executorId=bare");
        assertEquals(204, plain.status(), plain.body());
        assertEquals("127.0.0.1", executor("bare").get("address").asText());
        assertTrue(executor("bare").get("version").isNull(), "it sent no version");

        ApiHarness.Answer tagged = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/dag/task/pop?waitMs=0&executorId=v1"))
                .header("X-Ppacer-Version", "1.2.3").GET(), null);
        assertEquals(204, tagged.status(), tagged.body());
        assertEquals("1.2.3", executor("v1").get("version").asText());

        ApiHarness.Answer bad = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/dag/task/pop?waitMs=0&executorId=v2"))
                .header("X-Ppacer-Version", "1 2").GET(), null);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("X-Ppacer-Version") && bad.body().contains("'1 2'"), bad.body());
        assertEquals(null, executor("v2"), "a refused poll records nothing");

        ppacer.exec.client.SchedulerClient client = ppacer.exec.client.SchedulerClient.create(api.uri(""),
                java.util.Optional.empty(), Duration.ofSeconds(30));
        assertEquals(0, client.pop("real", Duration.ZERO, 1).size());
        assertEquals(ppacer.api.protocol.ExecutorVersion.current(), executor("real").get("version").asText(),
                "the executor's client sends its version with every request");
    }
}
