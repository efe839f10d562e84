package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * Branch decisions and short-circuits as a remote executor reports them ({@code branch} and
 * {@code reason} of {@code POST /dag/task/update}), on a real Helidon server and SQLite file; a
 * malformed report is a 400 naming the field, and changes nothing.
 */
class BranchOverHttpTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        Node branch = Node.of(tasks.ok("branch"));
        branch.then(Node.of(tasks.ok("a")), Node.of(tasks.ok("b")));
        Node check = Node.of(tasks.ok("check"));
        check.then(Node.of(tasks.ok("load")));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("br").root(branch).build(),
                Dag.builder("sc").root(check).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode task(long runId, String taskId) {
        ApiHarness.Answer run = api.get("/dagruns/" + runId);
        assertEquals(200, run.status(), run.body());
        for (JsonNode t : run.json().get("tasks")) {
            if (t.get("taskId").asText().equals(taskId)) {
                return t.get("attempts").get(t.get("attempts").size() - 1);
            }
        }
        throw new AssertionError("no task " + taskId + " in " + run.body());
    }

    private void awaitRun(long runId, DagRunStatus status) {
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == status, () -> "run " + runId + " to be " + status);
    }

    @Test
    void a_branch_decision_sent_with_the_success_runs_only_the_chosen_child() {
        JsonNode branch = api.triggerAndTake("br");
        long runId = branch.get("runId").asLong();
        ApiHarness.Answer bad = api.post("/dag/task/update", ApiHarness.report(branch, "FAILED", ",\"branch\":[\"b\"]"));
        assertEquals(400, bad.status(), bad.body());
        assertEquals("branch", bad.field());
        assertEquals("Field 'branch' goes with status SUCCESS only, not with 'FAILED'", bad.error());

        ApiHarness.Answer up = api.post("/dag/task/update-and-pop?waitMs=5000&executorId=e1",
                ApiHarness.report(branch, "SUCCESS", ",\"branch\":[\"b\"]"));
        assertEquals(200, up.status(), up.body());
        JsonNode b = up.json().get(0);
        assertEquals("b", b.get("taskId").asText(), "only the chosen child is handed out");
        assertEquals(200, api.post("/dag/task/update", ApiHarness.report(b, "SUCCESS", "")).status());
        awaitRun(runId, DagRunStatus.SUCCESS);

        JsonNode a = task(runId, "a");
        assertEquals("SKIPPED", a.get("status").asText());
        assertEquals("branch not chosen: 'branch' chose [b]", a.get("reason").asText());
        assertEquals("[\"b\"]", task(runId, "branch").get("branch").toString());
    }

    @Test
    void a_branch_naming_a_task_that_is_not_a_child_fails_the_attempt_with_the_valid_children() {
        JsonNode branch = api.triggerAndTake("br");
        long runId = branch.get("runId").asLong();
        ApiHarness.Answer up = api.post("/dag/task/update", ApiHarness.report(branch, "SUCCESS", ",\"branch\":[\"nope\"]"));
        assertEquals(200, up.status(), up.body());
        awaitRun(runId, DagRunStatus.FAILED);
        JsonNode attempt = task(runId, "branch");
        assertEquals("FAILED", attempt.get("status").asText());
        assertEquals("Task 'branch' chose 'nope', which is not one of its direct children; valid: [a, b]",
                attempt.get("error").asText());
    }

    @Test
    void a_task_that_skipped_itself_is_skipped_with_its_reason_and_so_is_the_task_below() {
        JsonNode check = api.triggerAndTake("sc");
        long runId = check.get("runId").asLong();
        ApiHarness.Answer up = api.post("/dag/task/update", ApiHarness.report(check, "SKIPPED", ",\"reason\":\"no new files\""));
        assertEquals(200, up.status(), up.body());
        awaitRun(runId, DagRunStatus.SUCCESS);
        assertEquals("short-circuit: no new files", task(runId, "check").get("reason").asText());
        JsonNode load = task(runId, "load");
        assertEquals("SKIPPED", load.get("status").asText());
        assertEquals("upstream skipped: 'check' is SKIPPED", load.get("reason").asText());
        assertTrue(load.get("startedAt").isNull(), load.toString());
    }
}
