package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.TaskStatus;
import ppacer.scheduler.Scheduler;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;
import ppacer.testkit.Tasks;

/**
 * {@code GET /dagruns/{runId}} says why a run waits ({@code waiting}), from the scheduler's one
 * explainer, against a real scheduler (SQLite file, injected clock) behind a real server: a paused
 * DAG's queued run, then attempts no executor has polled for in 30 s, and nothing once one polls.
 */
class RunWaitingTest {
    private static final String PAUSED = "hello is paused: the run waits until `ppacer unpause hello`";
    private static final String NO_EXECUTOR = "no executor has polled for 30 s: the scheduled tasks wait until one"
            + " does (start one with `ppacer executor --scheduler URL`, or use `ppacer run`, which has its own)";

    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    /** Two roots, one at a time: while one is handed out, the other waits SCHEDULED. */
    private DagRegistry registry() {
        return DagRegistry.of(Dag.builder("hello").maxActiveTasks(1).root(Node.of(tasks.ok("a")), Node.of(tasks.ok("b")))
                .build());
    }

    private static List<String> waiting(ApiHarness api, long runId) {
        ApiHarness.Answer r = api.get("/dagruns/" + runId);
        assertEquals(200, r.status(), r.body());
        return r.json().get("waiting").valueStream().map(w -> w.get("reason").asText() + ": " + w.get("message").asText())
                .toList();
    }

    @Test
    void a_run_says_it_waits_for_its_paused_dag_then_for_an_executor_until_one_polls() {
        try (ApiHarness api = new ApiHarness(dir, registry(), clock)) {
            Scheduler scheduler = api.scheduler;
            assertEquals(200, api.post("/dags/hello/pause", "").status());
            long runId = api.post("/dag/run/trigger", "{\"dagId\":\"hello\"}").json().get("runId").asLong();
            assertEquals(List.of("DAG_PAUSED: " + PAUSED), waiting(api, runId));

            assertEquals(200, api.post("/dags/hello/unpause", "").status());
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().attempts().latest(runId).stream()
                    .filter(a -> a.status() == TaskStatus.SCHEDULED).count() == 2, () -> "both roots scheduled");
            assertEquals(List.of(), waiting(api, runId), "the scheduler started less than 30 s ago");

            clock.advance(Duration.ofSeconds(29));
            assertEquals(List.of(), waiting(api, runId));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of("QUEUED_NO_EXECUTOR: " + NO_EXECUTOR), waiting(api, runId));

            ApiHarness.Answer pop = api.get("/dag/task/pop?waitMs=10000&executorId=e1");
            assertEquals(200, pop.status(), pop.body());
            JsonNode taken = pop.json();
            assertEquals(List.of(), waiting(api, runId), "an executor polled just now (it took "
                    + taken.get("taskId").asText() + "; the other root still waits SCHEDULED)");
            clock.advance(Duration.ofSeconds(29));
            assertEquals(List.of(), waiting(api, runId));
        }
    }
}
