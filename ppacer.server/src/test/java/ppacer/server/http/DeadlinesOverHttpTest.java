package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Deadline;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;
import ppacer.testkit.Tasks;

/**
 * Issue 20's missed deadlines as the API shows them: {@code GET /dagruns/{runId}} has {@code deadlineMissed}
 * and {@code deadlinesMissed} (task, due, missed at; the run's own first), false and empty while every
 * deadline holds, and the run goes on to succeed with its flags kept; on an injected clock.
 */
class DeadlinesOverHttpTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);

    private static JsonNode run(ApiHarness api, long runId) {
        ApiHarness.Answer r = api.get("/dagruns/" + runId);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void a_missed_task_deadline_then_the_runs_are_flagged_in_the_run_details_and_the_run_goes_on() {
        Dag dag = Dag.builder("sla").deadline(Deadline.afterLogicalTime(Duration.ofMinutes(10)))
                .root(Node.of(new Tasks().ok("t"), TaskConfig.builder()
                        .deadline(Deadline.afterLogicalTime(Duration.ofMinutes(5))).build())).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            long runId = api.scheduler.trigger("sla", "{}", T0);
            Times times = new Times(api.scheduler.config().zone());
            JsonNode before = run(api, runId);
            assertFalse(before.get("deadlineMissed").asBoolean(), before.toString());
            assertEquals(0, before.get("deadlinesMissed").size(), before.toString());

            clock.advance(Duration.ofMinutes(4));
            api.scheduler.wakeUp();
            assertFalse(run(api, runId).get("deadlineMissed").asBoolean(), "4 minutes in: both deadlines hold");
            clock.advance(Duration.ofMinutes(1));
            api.scheduler.wakeUp();
            Await.until(Duration.ofSeconds(60), () -> run(api, runId).get("deadlineMissed").asBoolean(),
                    () -> "the task's deadline flagged: " + run(api, runId));
            JsonNode task = run(api, runId).get("deadlinesMissed");
            assertEquals(1, task.size(), task.toString());
            assertEquals("t", task.get(0).get("taskId").asText());
            assertEquals(times.format(T0.plus(Duration.ofMinutes(5))), task.get(0).get("dueAt").asText());
            assertEquals(times.format(T0.plus(Duration.ofMinutes(5))), task.get(0).get("missedAt").asText());

            clock.advance(Duration.ofMinutes(5));
            api.scheduler.wakeUp();
            Await.until(Duration.ofSeconds(60), () -> run(api, runId).get("deadlinesMissed").size() == 2,
                    () -> "the run's deadline flagged: " + run(api, runId));
            JsonNode both = run(api, runId).get("deadlinesMissed");
            assertTrue(both.get(0).get("taskId").isNull(), "the run's own first: " + both);
            assertEquals(times.format(T0.plus(Duration.ofMinutes(10))), both.get(0).get("dueAt").asText());
            assertEquals("t", both.get(1).get("taskId").asText());

            ApiHarness.Answer taken = api.get("/dag/task/pop?waitMs=10000&executorId=e1");
            assertEquals(200, taken.status(), taken.body());
            assertEquals(200, api.post("/dag/task/update", ApiHarness.report(taken.json(), "SUCCESS", "")).status());
            Await.until(Duration.ofSeconds(60), () -> run(api, runId).get("status").asText().equals("SUCCESS"),
                    () -> "the run goes on: " + run(api, runId));
            JsonNode done = run(api, runId);
            assertTrue(done.get("deadlineMissed").asBoolean(), "the flags stay after the run ends: " + done);
            assertEquals(2, done.get("deadlinesMissed").size());
        }
    }
}
