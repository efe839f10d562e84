package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.TriggerRule;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * {@code GET /dagruns/{runId}/restart-plan}: what a restart would do, changing nothing, and then the
 * restart doing exactly that (the same tasks get new attempts, the same wait, the same are decided
 * not to run).
 */
class RestartPlanTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        // root → load (fails) → report; root → side; load → cleanup (ALL_DONE: runs after a failure too)
        Node root = Node.of(tasks.ok("root"));
        Node load = Node.of(tasks.ok("load"));
        root.then(load).then(Node.of(tasks.ok("report")));
        root.then(Node.of(tasks.ok("side")));
        load.then(Node.of(tasks.ok("cleanup"), TaskConfig.builder().triggerRule(TriggerRule.ALL_DONE).build()));
        load.then(Node.of(tasks.ok("alert"), TaskConfig.builder().triggerRule(TriggerRule.ONE_FAILED).build()));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("etl").root(root).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void report(String expected, TaskOutcome outcome) {
        TaskLease l = api.scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError(expected));
        assertEquals(expected, l.taskId());
        api.scheduler.report(l.key(), l.token(), outcome);
    }

    private Map<String, String> latest(long runId) {
        Map<String, String> out = new TreeMap<>();
        for (TaskAttemptRecord a : api.scheduler.store().attempts().latest(runId)) {
            out.put(a.key().taskId(), a.status() + "#" + a.key().attempt());
        }
        return out;
    }

    @Test
    void the_plan_is_what_the_restart_then_does_and_changes_nothing() {
        long runId = api.scheduler.trigger("etl", "{}");
        report("root", TaskOutcome.success());
        report("load", TaskOutcome.failed("boom"));
        report("side", TaskOutcome.success());
        report("cleanup", TaskOutcome.success());
        report("alert", TaskOutcome.success());
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.FAILED, () -> "run " + runId + ": " + latest(runId));
        Map<String, String> before = latest(runId);
        assertEquals(Map.of("root", "SUCCESS#0", "load", "FAILED#0", "report", "UPSTREAM_FAILED#0", "side", "SUCCESS#0",
                "cleanup", "SUCCESS#0", "alert", "SUCCESS#0"), before);

        ApiHarness.Answer plan = api.get("/dagruns/" + runId + "/restart-plan");
        assertEquals(200, plan.status(), plan.body());
        assertEquals("[\"load\"]", plan.json().get("rerun").toString());
        assertEquals("[\"load\"]", plan.json().get("runFirst").toString());
        assertEquals("[\"report\"]", plan.json().get("waiting").toString(), "report waits for load again");
        assertEquals("[]", plan.json().get("notRun").toString());
        assertEquals(4, plan.json().get("kept").asInt(), "root, side, cleanup, alert keep their outcome");
        assertEquals(before, latest(runId), "the plan changed nothing");
        assertEquals(DagRunStatus.FAILED, api.scheduler.store().dagRuns().find(runId).orElseThrow().status());

        api.scheduler.restart(runId);
        Map<String, String> after = latest(runId);
        assertEquals("SCHEDULED#1", after.get("load"), "rerun and run first: a new attempt, queued");
        assertEquals(List.of("root", "side", "cleanup", "alert").stream().map(t -> before.get(t)).toList(),
                List.of("root", "side", "cleanup", "alert").stream().map(after::get).toList(), "kept");
        report("load", TaskOutcome.success());
        report("report", TaskOutcome.success());
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.SUCCESS, () -> "run " + runId + ": " + latest(runId));
    }

    @Test
    void a_run_that_is_not_failed_or_unknown_is_refused_as_the_restart_would_be() {
        long runId = api.scheduler.trigger("etl", "{}");
        ApiHarness.Answer running = api.get("/dagruns/" + runId + "/restart-plan");
        assertEquals(409, running.status(), running.body());
        assertEquals("Run " + runId + " of DAG 'etl' is RUNNING; only a FAILED run can be restarted", running.error());
        ApiHarness.Answer unknown = api.get("/dagruns/987654/restart-plan");
        assertEquals(404, unknown.status(), unknown.body());
        ApiHarness.Answer bad = api.get("/dagruns/x/restart-plan");
        assertEquals(400, bad.status(), bad.body());
        assertEquals(TaskStatus.SCHEDULED, api.scheduler.store().attempts().latest(runId).getFirst().status());
    }
}
