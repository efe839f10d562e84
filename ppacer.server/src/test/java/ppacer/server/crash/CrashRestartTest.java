package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * Issue 14, defect 5 (a): {@code ppacer run} (scheduler and in-process executor in one process)
 * killed with SIGKILL while a task runs, then started again on the same SQLite file with the default
 * settings (task timeout 10 minutes, no retries). The interrupted task must run again at once, not
 * after its lease (timeout + grace), and the run must complete SUCCESS: an interrupted attempt is
 * not a failure of the task.
 */
class CrashRestartTest {
    private static final Duration WAIT = ChildJvms.WAIT;
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private Path db() {
        return dir.resolve("run.db");
    }

    private SchedulerClient start(String name) throws IOException {
        return children.start(name, RunProcessMain.class, db().toString(), dir.toString());
    }

    private String log(String name) {
        return children.log(name);
    }

    private List<String[]> journal() {
        return children.journal();
    }

    private boolean journaled(String what, long pid, String taskId) {
        return journal().stream().anyMatch(l -> l[0].equals(what) && l[1].equals(Long.toString(pid)) && l[3].equals(taskId));
    }

    private static String runStatus(SchedulerClient client, long runId) {
        try {
            JsonNode run = JSON.readTree(client.getJson("/ui/dagrun/" + runId));
            return run.path("status").asText();
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    @Test
    void a_killed_run_process_reruns_its_interrupted_task_at_restart_and_the_run_succeeds() throws Exception {
        SchedulerClient first = start("first");
        Process firstProcess = children.last();
        long runId = first.trigger("interrupted", Map.of()).runId();
        Await.until(WAIT, () -> journaled("START", firstProcess.pid(), "work"), () -> "work to start: " + log("first"));
        firstProcess.destroyForcibly(); // SIGKILL while `work` is RUNNING
        firstProcess.waitFor();

        SchedulerClient second = start("second");
        Process secondProcess = children.last();
        Await.until(WAIT, () -> journaled("START", secondProcess.pid(), "work"),
                () -> "the interrupted task to run again after the restart: " + log("second"));
        Files.createFile(dir.resolve("release"));
        Await.until(WAIT, () -> runStatus(second, runId).equals("SUCCESS") || runStatus(second, runId).equals("FAILED"),
                () -> "run " + runId + " to end: " + runStatus(second, runId) + "\n" + log("second"));
        assertEquals("SUCCESS", runStatus(second, runId), log("second"));
        secondProcess.destroy();
        secondProcess.waitFor();

        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + db()))) {
            assertEquals(DagRunStatus.SUCCESS, s.dagRuns().find(runId).orElseThrow().status());
            List<TaskAttemptRecord> work = s.attempts().attempts(runId, "work");
            assertEquals(List.of(TaskStatus.CANCELLED, TaskStatus.SUCCESS), work.stream().map(TaskAttemptRecord::status).toList(),
                    work.toString());
            String error = work.getFirst().error().orElseThrow();
            assertTrue(error.startsWith("interrupted:"), error);
            assertTrue(work.getFirst().executorId().orElseThrow().startsWith("in-process@"), work.toString());
        }
    }
}
