package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * Issue 16: {@code ppacer run} killed with SIGKILL between a branch decision (the branch task's
 * SUCCESS, committed with the children it chose) and the scheduling of its children. After the
 * restart the stored decision stands (not recomputed: the branch task does not run again) and
 * nothing runs twice.
 */
class BranchDecisionCrashTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    @TempDir
    Path dir;
    private ChildJvms children;

    @BeforeEach
    void children() {
        children = new ChildJvms(dir);
    }

    @AfterEach
    void stop() {
        children.close();
    }

    private static String status(SchedulerClient client, long runId) {
        try {
            return JSON.readTree(client.getJson("/dagruns/" + runId)).path("status").asText();
        } catch (java.io.IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private long started(String task) {
        return children.journal().stream().filter(l -> l[0].equals("START") && l[3].equals(task)).count();
    }

    @Test
    void after_a_kill_between_the_branch_decision_and_its_children_the_decision_stands_and_nothing_runs_twice()
            throws Exception {
        Path db = dir.resolve("run.db");
        SchedulerClient first = children.start("first", BranchCrashMain.class, db.toString(), dir.toString(), "stall");
        Process firstProcess = children.last();
        long runId = first.trigger("branchy", Map.of()).runId();
        Await.until(ChildJvms.WAIT, () -> Files.exists(dir.resolve("between")), () -> "the branch to decide: "
                + children.log("first"));
        firstProcess.destroyForcibly(); // SIGKILL with the children's attempts not written
        firstProcess.waitFor();
        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + db))) {
            assertEquals(Optional.empty(), s.attempts().latest(runId).stream()
                    .filter(r -> r.key().taskId().startsWith("load_")).findFirst(), "killed before the children were written");
        }

        SchedulerClient second = children.start("second", BranchCrashMain.class, db.toString(), dir.toString(), "normal");
        Process secondProcess = children.last();
        Await.until(ChildJvms.WAIT, () -> List.of("SUCCESS", "FAILED").contains(status(second, runId)),
                () -> "run " + runId + " to end after the restart: " + status(second, runId) + "\n" + children.log("second"));
        secondProcess.destroy();
        secondProcess.waitFor();
        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + db))) {
            assertEquals(DagRunStatus.SUCCESS, s.dagRuns().find(runId).orElseThrow().status(), children.log("second"));
            List<TaskAttemptRecord> decide = s.attempts().attempts(runId, "decide");
            assertEquals(1, decide.size(), "the branch task ran once: " + decide);
            assertEquals(Optional.of(List.of("load_delta")), decide.getFirst().branch());
            TaskAttemptRecord full = s.attempts().attempts(runId, "load_full").getLast();
            assertEquals(TaskStatus.SKIPPED, full.status());
            assertEquals(Optional.of("branch not chosen: 'decide' chose [load_delta]"), full.reason());
            assertEquals(TaskStatus.SUCCESS, s.attempts().attempts(runId, "load_delta").getLast().status());
            assertEquals(TaskStatus.SUCCESS, s.attempts().attempts(runId, "join").getLast().status());
        }
        assertEquals(1, started("decide"), "decide ran once, before the kill");
        assertEquals(0, started("load_full"), "the unchosen child never ran");
        assertEquals(1, started("load_delta"));
        assertEquals(1, started("join"));
    }
}
