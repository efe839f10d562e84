package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskExpansion;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * Issue 17: {@code ppacer run} killed with SIGKILL right after the SUCCESS of the task a mapped task
 * is mapped over (committed with the expansion), before the instances were written. After the
 * restart the stored expansion stands: the parent does not run again and every instance runs
 * exactly once, to success.
 */
class MappingCrashTest {
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
    void after_a_kill_right_after_the_parents_success_the_expansion_survives_and_each_instance_runs_once() throws Exception {
        Path db = dir.resolve("run.db");
        SchedulerClient first = children.start("first", MappingCrashMain.class, db.toString(), dir.toString(), "stall");
        Process firstProcess = children.last();
        long runId = first.trigger("mapped", Map.of()).runId();
        Await.until(ChildJvms.WAIT, () -> Files.exists(dir.resolve("between")), () -> "extract to succeed: "
                + children.log("first"));
        firstProcess.destroyForcibly(); // SIGKILL with the instances not written
        firstProcess.waitFor();
        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + db))) {
            assertEquals(List.of(new TaskExpansion("load", 4)), s.attempts().expansions(runId), "stored with the success");
            assertEquals(List.of("extract"), s.attempts().latest(runId).stream().map(r -> r.key().taskId()).toList(),
                    "killed before the instances were written");
        }

        SchedulerClient second = children.start("second", MappingCrashMain.class, db.toString(), dir.toString(), "normal");
        Process secondProcess = children.last();
        Await.until(ChildJvms.WAIT, () -> List.of("SUCCESS", "FAILED").contains(status(second, runId)),
                () -> "run " + runId + " to end after the restart: " + status(second, runId) + "\n" + children.log("second"));
        secondProcess.destroy();
        secondProcess.waitFor();
        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + db))) {
            assertEquals(DagRunStatus.SUCCESS, s.dagRuns().find(runId).orElseThrow().status(), children.log("second"));
            for (int k = 0; k < 4; k++) {
                assertEquals(1, s.attempts().attempts(runId, "load[" + k + "]").size(), "load[" + k + "]");
                assertEquals(TaskStatus.SUCCESS, s.attempts().attempts(runId, "load[" + k + "]").getFirst().status());
            }
            assertEquals("[\"A.CSV\",\"B.CSV\",\"C.CSV\",\"D.CSV\"]", "[" + String.join(",", List.of(0, 1, 2, 3).stream()
                    .map(k -> s.attempts().output(new ppacer.api.spi.AttemptKey(runId, "load[" + k + "]", 0)).orElseThrow()
                            .output().text()).toList()) + "]");
        }
        assertEquals(1, started("extract"), "extract ran once, before the kill");
        for (int k = 0; k < 4; k++) {
            assertEquals(1, started("load[" + k + "]"), "load[" + k + "] ran once");
        }
        assertEquals(1, started("report"));
    }
}
