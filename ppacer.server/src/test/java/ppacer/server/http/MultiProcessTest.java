package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.exec.client.SchedulerClient;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;

/**
 * One scheduler (this JVM, real Helidon server, real SQLite file) and two executor processes
 * (separate JVMs) talking HTTP: shapes, retries, timeouts, parameters, restart, logs, a killed
 * executor, and a scheduler restart in the middle of a run.
 */
class MultiProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Path journal;
    private Scheduler scheduler;
    private SchedulerServer server;
    private SchedulerClient client;
    private final List<Process> executors = new ArrayList<>();

    private void startScheduler(int port) {
        journal = dir.resolve("journal.txt");
        scheduler = Scheduler.start(SchedulerConfig.builder(E2eDags.registry(journal, "scheduler"))
                .storeUrl("jdbc:sqlite:" + dir.resolve("e2e.db")).leaseGrace(Duration.ofSeconds(2))
                .pool(E2eDags.POOL, E2eDags.POOL_SLOTS)
                .stopTimeout(Duration.ofSeconds(1)).build());
        server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(port));
        client = SchedulerClient.create(server.uri(), Optional.empty(), Duration.ofSeconds(10));
    }

    private void stopScheduler() {
        server.close();
        scheduler.close();
    }

    private Process startExecutor(String id) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            Stream.of(System.getProperty(prop, "").split(File.pathSeparator)).filter(s -> !s.isBlank())
                    .forEach(entries::add);
        }
        List<String> cp = new ArrayList<>(entries.stream().filter(e -> e.endsWith("target" + File.separator + "classes"))
                .map(e -> Path.of(e).resolveSibling("test-classes").toString()).toList());
        cp.addAll(entries);
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", String.join(File.pathSeparator, cp),
                ExecutorProcessMain.class.getName(), server.uri().toString(), id, journal.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile()).start();
        executors.add(p);
        Await.until(WAIT, () -> log(id).contains("READY " + id), () -> "executor " + id + ": " + log(id));
        return p;
    }

    private String log(String id) {
        try {
            return Files.exists(dir.resolve(id + ".log")) ? Files.readString(dir.resolve(id + ".log")) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private List<String[]> journalLines() {
        try {
            return Files.exists(journal) ? Files.readAllLines(journal).stream().map(l -> l.split(" ")).toList() : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        executors.forEach(Process::destroyForcibly);
        if (server != null) {
            stopScheduler();
        }
    }

    private long trigger(String dagId, Map<String, Object> params) {
        return client.trigger(dagId, params).runId();
    }

    private DagRunStatus await(long runId) {
        Await.until(WAIT, () -> scheduler.store().dagRuns().find(runId).orElseThrow().status().isTerminal(),
                () -> "run " + runId + " " + scheduler.store().dagRuns().find(runId) + " attempts "
                        + scheduler.store().attempts().latest(runId) + "\nexec1:\n" + log("exec1") + "\nexec2:\n" + log("exec2"));
        return scheduler.store().dagRuns().find(runId).orElseThrow().status();
    }

    /** Each (run, task) ended successfully exactly once across all processes. */
    private void assertNoTaskSucceededTwice() {
        Map<String, Integer> ends = new HashMap<>();
        for (String[] l : journalLines()) {
            if (l[0].equals("END")) {
                ends.merge(l[2] + "/" + l[3], 1, Integer::sum);
            }
        }
        ends.forEach((k, v) -> assertEquals(1, v, "task " + k + " succeeded " + v + " times"));
    }

    @Test
    void two_executor_processes_run_every_shape_through_http() throws IOException {
        startScheduler(0);
        startExecutor("exec1");
        startExecutor("exec2");

        long single = trigger("single", Map.of());
        long chain = trigger("chain", Map.of());
        long fan = trigger("fan", Map.of());
        long retry = trigger("retry", Map.of());
        long timeout = trigger("timeout", Map.of());
        long params = trigger("params", Map.of("region", "eu-west", "limit", 7));
        long failOnce = trigger("fail_once", Map.of());

        assertEquals(DagRunStatus.SUCCESS, await(single));
        assertEquals(DagRunStatus.SUCCESS, await(chain));
        assertEquals(DagRunStatus.SUCCESS, await(fan));
        assertEquals(DagRunStatus.SUCCESS, await(retry));
        assertEquals(DagRunStatus.FAILED, await(timeout));
        assertEquals(DagRunStatus.SUCCESS, await(params));
        assertEquals(DagRunStatus.FAILED, await(failOnce));

        List<TaskAttemptRecord> flaky = scheduler.store().attempts().attempts(retry, "flaky");
        assertEquals(List.of(TaskStatus.FAILED_PENDING_RETRY, TaskStatus.SUCCESS), flaky.stream().map(TaskAttemptRecord::status).toList());
        TaskAttemptRecord slow = scheduler.store().attempts().find(new AttemptKey(timeout, "slow", 0)).orElseThrow();
        assertEquals(TaskStatus.FAILED, slow.status());
        assertTrue(slow.error().orElseThrow().contains("timed out after PT0.3S"), slow.error().orElseThrow());
        TaskAttemptRecord once = scheduler.store().attempts().find(new AttemptKey(failOnce, "once", 0)).orElseThrow();
        assertTrue(once.error().orElseThrow().contains("planned failure of once"), once.error().orElseThrow());
        assertEquals(TaskStatus.UPSTREAM_FAILED, scheduler.store().attempts().latest(failOnce).stream()
                .filter(a -> a.key().taskId().equals("after")).findFirst().orElseThrow().status());

        client.restart(failOnce);
        assertEquals(DagRunStatus.SUCCESS, await(failOnce));

        // the task's log came through the executor's log batches and is readable through the API
        Await.until(WAIT, () -> client.getJson("/ui/dagrun/task/" + params + "/show/0").contains("eu-west"),
                () -> client.getJson("/ui/dagrun/task/" + params + "/show/0"));
        String details = client.getJson("/ui/dagrun/task/" + params + "/show/0");
        assertTrue(details.contains("running show attempt 0 params {\\\"region\\\":\\\"eu-west\\\",\\\"limit\\\":7}")
                || details.contains("\\\"limit\\\":7"), details);

        long byExec1 = journalLines().stream().filter(l -> l[1].equals("exec1")).count();
        long byExec2 = journalLines().stream().filter(l -> l[1].equals("exec2")).count();
        assertTrue(byExec1 > 0 && byExec2 > 0, "both executors worked: " + byExec1 + " / " + byExec2);
        assertNoTaskSucceededTwice();
    }

    /**
     * Issue 14, defect 5 (b): the task's timeout is 10 minutes and its first attempt never ends on its
     * own, so only the missed heartbeats of the killed executor (lease = a few heartbeat intervals) can
     * hand its task to the other executor within the wait, however slow the machine.
     */
    @Test
    void a_killed_executor_loses_its_lease_on_missed_heartbeats_long_before_the_task_timeout() throws IOException {
        startScheduler(0);
        Map<String, Process> byId = Map.of("exec1", startExecutor("exec1"), "exec2", startExecutor("exec2"));
        long run = trigger("long_timeout", Map.of());
        Await.until(WAIT, () -> journalLines().stream().anyMatch(l -> l[0].equals("START") && l[3].equals("work")),
                () -> "the long task to start: " + journalLines().size());
        String holder = journalLines().stream().filter(l -> l[0].equals("START") && l[3].equals("work")).findFirst()
                .orElseThrow()[1];
        String other = holder.equals("exec1") ? "exec2" : "exec1";
        byId.get(holder).destroyForcibly(); // SIGKILL in the middle of the task: its heartbeats stop
        assertEquals(DagRunStatus.SUCCESS, await(run));
        List<TaskAttemptRecord> attempts = scheduler.store().attempts().attempts(run, "work");
        assertEquals(2, attempts.size(), attempts.toString());
        assertEquals(TaskStatus.FAILED_PENDING_RETRY, attempts.get(0).status(), "a lost remote executor is a failed attempt");
        assertTrue(attempts.get(0).error().orElseThrow().startsWith("executor lost: lease expired after"),
                attempts.get(0).error().orElseThrow());
        assertEquals(holder, attempts.get(0).executorId().orElseThrow());
        assertEquals(other, attempts.get(1).executorId().orElseThrow());
        assertNoTaskSucceededTwice();
    }

    /**
     * Issue 20: an executor process killed (SIGKILL) while it holds every slot of a pool gives them
     * back when its leases expire, and the queued attempt of the pool then runs on another executor;
     * the RUNNING attempts of the pool, read from the store the whole time, never exceed its size.
     */
    @Test
    void the_pool_slots_of_a_killed_executor_come_back_when_its_leases_expire() throws Exception {
        startScheduler(0);
        Process exec1 = startExecutor("exec1");
        long run = trigger("pooled", Map.of());
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                most.accumulateAndGet((int) scheduler.store().attempts().latest(run).stream()
                        .filter(a -> a.status() == TaskStatus.RUNNING).count(), Math::max);
            }
        });
        Await.until(WAIT, () -> journalLines().stream().filter(l -> l[0].equals("START")).count() == 2,
                () -> "two pool tasks to start on exec1: " + journalLines().size());
        assertEquals(2, scheduler.poolUsage(E2eDags.POOL).orElseThrow().used());
        assertTrue(scheduler.poolWait("pooled", "p2").isPresent(), "the third task waits for the pool: " + scheduler.pools());
        exec1.destroyForcibly(); // SIGKILL while holding both slots: its heartbeats stop
        startExecutor("exec2");
        assertEquals(DagRunStatus.SUCCESS, await(run));
        watching.set(false);
        watcher.join();
        assertTrue(most.get() <= E2eDags.POOL_SLOTS, "RUNNING attempts of the pool at once, from the store: " + most);
        assertEquals(0, scheduler.poolUsage(E2eDags.POOL).orElseThrow().used(), "no slot leaked");
        long lost = journalLines().stream().filter(l -> l[0].equals("START") && l[1].equals("exec1")).count();
        assertEquals(2, lost, "exec1 ran only the two attempts the pool allowed");
        assertNoTaskSucceededTwice();
    }

    @Test
    void executors_keep_retrying_while_the_scheduler_restarts_and_the_run_completes() throws IOException {
        startScheduler(0);
        int port = server.port();
        startExecutor("exec1");
        startExecutor("exec2");
        long run = trigger("chain", Map.of());
        Await.until(WAIT, () -> journalLines().stream().filter(l -> l[0].equals("END")).count() >= 3,
                () -> "three chain steps done: " + journalLines().size());
        stopScheduler();
        long endsWhileDown = journalLines().stream().filter(l -> l[0].equals("END")).count();
        startScheduler(port);
        assertEquals(DagRunStatus.SUCCESS, await(run));
        assertTrue(endsWhileDown < 8, "the scheduler stopped in the middle of the run");
        assertNoTaskSucceededTwice();
        assertTrue(executors.stream().allMatch(Process::isAlive), "executors never exited");
    }
}
