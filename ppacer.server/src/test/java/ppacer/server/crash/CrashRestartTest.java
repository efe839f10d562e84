package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
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
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
    }

    private Path db() {
        return dir.resolve("run.db");
    }

    private SchedulerClient start(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            Stream.of(System.getProperty(prop, "").split(File.pathSeparator)).filter(s -> !s.isBlank()).forEach(entries::add);
        }
        List<String> cp = new ArrayList<>(entries.stream().filter(e -> e.endsWith("target" + File.separator + "classes"))
                .map(e -> Path.of(e).resolveSibling("test-classes").toString()).toList());
        cp.addAll(entries);
        Process p = new ProcessBuilder(java, "-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", String.join(File.pathSeparator, cp), RunProcessMain.class.getName(), db().toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        children.add(p);
        Pattern ready = Pattern.compile("READY (\\d+)");
        Await.until(WAIT, () -> ready.matcher(log(name)).find() || !p.isAlive(), () -> name + ": " + log(name));
        Matcher m = ready.matcher(log(name));
        assertTrue(m.find(), name + " did not start: " + log(name));
        return SchedulerClient.create(URI.create("http://127.0.0.1:" + m.group(1)), Optional.empty(),
                Duration.ofSeconds(30));
    }

    private String log(String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Journal lines as {@code [what, pid, runId, taskId, attempt]}. */
    private List<String[]> journal() {
        try {
            Path f = dir.resolve("journal.txt");
            return Files.exists(f) ? Files.readAllLines(f).stream().map(l -> l.split(" ")).toList() : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
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
        Process firstProcess = children.getFirst();
        long runId = first.trigger("interrupted", Map.of()).runId();
        Await.until(WAIT, () -> journaled("START", firstProcess.pid(), "work"), () -> "work to start: " + log("first"));
        firstProcess.destroyForcibly(); // SIGKILL while `work` is RUNNING
        firstProcess.waitFor();

        SchedulerClient second = start("second");
        Process secondProcess = children.getLast();
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
