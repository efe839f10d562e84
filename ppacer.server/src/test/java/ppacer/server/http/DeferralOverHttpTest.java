package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;
import ppacer.testkit.Tasks;

/**
 * A deferral as a remote executor reports it ({@code status DEFERRED}, {@code deferUntil},
 * {@code deferTimeoutMs}, {@code deferBackoff} of {@code POST /dag/task/update}) on a real Helidon
 * server and SQLite file: the same attempt is handed out again when due, a late copy with the old
 * token is refused, the explainer says when it is poked next, and malformed deferrals are 400s
 * naming the field that change nothing.
 */
class DeferralOverHttpTest {
    private static final Instant START = Instant.parse("2026-05-01T08:00:00Z");

    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private final MutableClock clock = new MutableClock(START);
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("wait").root(Node.of(tasks.ok("sensor"))).build()), clock);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void a_deferred_attempt_is_handed_out_again_when_due_and_a_late_copy_is_refused() {
        JsonNode first = api.triggerAndTake("wait");
        long runId = first.get("runId").asLong();
        Instant until = START.plus(Duration.ofMinutes(10));
        String deferral = ",\"deferUntil\":\"" + until + "\",\"reason\":\"file /in/x.csv not found\",\"deferTimeoutMs\":3600000";
        ApiHarness.Answer up = api.post("/dag/task/update", ApiHarness.report(first, "DEFERRED", deferral));
        assertEquals(200, up.status(), up.body());
        AttemptKey key = new AttemptKey(runId, "sensor", 0);
        assertEquals(TaskStatus.DEFERRED, api.scheduler.store().attempts().find(key).orElseThrow().status());
        assertEquals(200, api.post("/dag/task/update", ApiHarness.report(first, "DEFERRED", deferral)).status(),
                "a repeat of the same deferral is acknowledged");

        ApiHarness.Answer why = api.get("/dagruns/" + runId + "/tasks/sensor/why");
        assertEquals(200, why.status(), why.body());
        assertEquals("DEFERRED", why.json().get("reason").asText(), why.body());
        assertEquals("task 'sensor' is deferred until " + until + " (poke 1), next poke in 600 s: file /in/x.csv not found",
                why.json().get("message").asText());
        assertEquals(1, why.json().get("details").get("pokes").asInt(), why.body());

        ApiHarness.Answer none = api.get("/dag/task/pop?waitMs=0&executorId=e1");
        assertTrue(none.status() == 204 || none.body().isBlank() || "[]".equals(none.body().strip())
                        || none.json().isMissingNode() || none.json().isNull(),
                "nothing to hand out while deferred: " + none.status() + " " + none.body());

        clock.advance(Duration.ofMinutes(11));
        api.scheduler.wakeUp();
        ApiHarness.Answer again = api.get("/dag/task/pop?waitMs=10000&executorId=e1");
        assertEquals(200, again.status(), again.body());
        JsonNode second = again.json();
        assertEquals("sensor", second.get("taskId").asText());
        assertEquals(0, second.get("retry").asInt(), "the same attempt: a deferral is not a retry");
        assertTrue(!second.get("token").asText().equals(first.get("token").asText()), "a new hand-out, a new token");

        ApiHarness.Answer late = api.post("/dag/task/update", ApiHarness.report(first, "SUCCESS", ""));
        assertTrue(late.status() >= 400 && late.status() < 500, "a late report with the old token is refused: " + late.body());
        assertEquals(TaskStatus.RUNNING, api.scheduler.store().attempts().find(key).orElseThrow().status());

        assertEquals(200, api.post("/dag/task/update", ApiHarness.report(second, "SUCCESS", "")).status());
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.SUCCESS, () -> "run " + runId);
        assertEquals(1, api.scheduler.store().deferrals().find(key).orElseThrow().pokes());
    }

    @Test
    void a_malformed_deferral_is_a_400_naming_the_field_and_changes_nothing() {
        JsonNode task = api.triggerAndTake("wait");
        AttemptKey key = new AttemptKey(task.get("runId").asLong(), "sensor", 0);

        ApiHarness.Answer missing = api.post("/dag/task/update", ApiHarness.report(task, "DEFERRED", ""));
        assertEquals(400, missing.status(), missing.body());
        assertEquals("deferUntil", missing.field());
        assertEquals("Field 'deferUntil' (an ISO-8601 instant) is required with status DEFERRED", missing.error());

        ApiHarness.Answer bad = api.post("/dag/task/update", ApiHarness.report(task, "DEFERRED", ",\"deferUntil\":\"tomorrow\""));
        assertEquals(400, bad.status(), bad.body());
        assertEquals("Field 'deferUntil' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was 'tomorrow'",
                bad.error());

        ApiHarness.Answer timeout = api.post("/dag/task/update", ApiHarness.report(task, "DEFERRED",
                ",\"deferUntil\":\"2026-05-01T09:00:00Z\",\"deferTimeoutMs\":0"));
        assertEquals(400, timeout.status(), timeout.body());
        assertEquals("deferTimeoutMs", timeout.field());

        ApiHarness.Answer backoff = api.post("/dag/task/update", ApiHarness.report(task, "DEFERRED",
                ",\"deferUntil\":\"2026-05-01T09:00:00Z\",\"deferBackoff\":\"yes\""));
        assertEquals(400, backoff.status(), backoff.body());
        assertEquals("deferBackoff", backoff.field());

        ApiHarness.Answer withSuccess = api.post("/dag/task/update", ApiHarness.report(task, "SUCCESS",
                ",\"deferUntil\":\"2026-05-01T09:00:00Z\""));
        assertEquals(400, withSuccess.status(), withSuccess.body());
        assertEquals("Fields 'deferUntil', 'deferTimeoutMs' and 'deferBackoff' go with status DEFERRED only, not with "
                + "'SUCCESS'", withSuccess.error());

        assertEquals(TaskStatus.RUNNING, api.scheduler.store().attempts().find(key).orElseThrow().status(), "nothing changed");
        assertEquals(java.util.Optional.empty(), api.scheduler.store().deferrals().find(key));
    }

    @Test
    void an_executor_reads_the_status_of_a_dags_run_at_a_logical_time() {
        JsonNode task = api.triggerAndTake("wait");
        long runId = task.get("runId").asLong();
        Instant at = api.scheduler.store().dagRuns().find(runId).orElseThrow().logicalTime();
        ApiHarness.Answer running = api.get("/dag/task/run-status?dagId=wait&logicalTime=" + at);
        assertEquals(200, running.status(), running.body());
        assertEquals("RUNNING", running.json().get("status").asText());
        ApiHarness.Answer none = api.get("/dag/task/run-status?dagId=wait&logicalTime=2000-01-01T00:00:00Z");
        assertEquals(200, none.status(), none.body());
        assertTrue(none.json().get("status").isNull(), none.body());
        ApiHarness.Answer unknown = api.get("/dag/task/run-status?dagId=nope&logicalTime=" + at);
        assertEquals(404, unknown.status(), unknown.body());
        ApiHarness.Answer bad = api.get("/dag/task/run-status?dagId=wait&logicalTime=yesterday");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("logicalTime", bad.field());
        ppacer.exec.client.SchedulerClient client = ppacer.exec.client.SchedulerClient.create(api.server.uri(),
                Optional.empty(), Duration.ofSeconds(30));
        assertEquals(Optional.of(DagRunStatus.RUNNING), client.dagRunStatus("wait", at),
                "the executor's HTTP client reads it too");
    }

    @Test
    void a_real_executor_over_http_defers_its_sensors_and_they_complete(@TempDir Path other) throws Exception {
        Instant at = Instant.parse("2026-02-01T00:00:00Z");
        Path ready = other.resolve("ready.csv");
        ppacer.tasks.Sensor onFile = ppacer.tasks.Sensor.builder("wait_file", new ppacer.tasks.FileExists(ready.toString()))
                .pokeInterval(Duration.ofMillis(100)).timeout(Duration.ofHours(1)).build();
        ppacer.tasks.Sensor onRun = ppacer.tasks.Sensor.builder("wait_up",
                ppacer.tasks.ExternalRunSucceeded.sameLogicalTime("up")).pokeInterval(Duration.ofMillis(100))
                .exponentialBackoff(true).timeout(Duration.ofHours(1)).build();
        Dag down = Dag.builder("down").root(Node.of(onFile), Node.of(onRun)).build();
        Dag up = Dag.builder("up").root(Node.of(tasks.ok("produce"))).build();
        try (ApiHarness real = new ApiHarness(other, DagRegistry.of(down, up), Optional.empty(), false)) {
            ppacer.exec.SchedulerLink http = ppacer.exec.SchedulerLink.http(ppacer.exec.client.SchedulerClient.create(
                    real.server.uri(), Optional.empty(), Duration.ofSeconds(10)));
            ppacer.exec.Executor executor = ppacer.exec.Executor.create(real.scheduler.registry(), http,
                    ppacer.exec.ExecutorConfig.builder().executorId("exec-http-1").longPollWait(Duration.ofMillis(500))
                            .build()).start();
            try {
                long runId = real.scheduler.trigger("down", "{}", at);
                AttemptKey file = new AttemptKey(runId, "wait_file", 0);
                AttemptKey upKey = new AttemptKey(runId, "wait_up", 0);
                Await.until(Duration.ofSeconds(60), () -> real.scheduler.store().deferrals().find(file).isPresent()
                        && real.scheduler.store().deferrals().find(upKey).isPresent(), () -> "both sensors deferred");
                assertEquals("file " + ready + " not found", real.scheduler.store().deferrals().find(file).orElseThrow().reason());
                assertEquals("run of 'up' at " + at + " does not exist yet",
                        real.scheduler.store().deferrals().find(upKey).orElseThrow().reason());
                assertEquals(Optional.of(Duration.ofHours(1)),
                        real.scheduler.store().deferrals().find(file).orElseThrow().timeout(), "the timeout travelled");
                java.nio.file.Files.writeString(ready, "x");
                real.scheduler.trigger("up", "{}", at);
                Await.until(Duration.ofSeconds(120), () -> real.scheduler.store().dagRuns().find(runId).orElseThrow()
                        .status().isTerminal(), () -> "run " + runId);
                assertEquals(DagRunStatus.SUCCESS, real.scheduler.store().dagRuns().find(runId).orElseThrow().status());
                assertEquals(0, real.scheduler.store().attempts().find(file).orElseThrow().key().attempt());
            } finally {
                executor.close();
            }
        }
    }
}
