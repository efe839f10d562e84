package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/** {@code ppacer run} in process on a free port, driven by the client commands. */
class EndToEndTest {
    private static final Pattern TRIGGERED = Pattern.compile("Triggered (\\S+): run (\\d+)");

    @TempDir
    Path dir;

    private static long runId(String out) {
        Matcher m = TRIGGERED.matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(2));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void run_then_trigger_wait_and_logs_through_the_command_line() throws Exception {
        Console server = new Console(Map.of(), dir);
        CompletableFuture<Integer> exit = async(() -> server.execute("run", "--port", "0",
                "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db"), "--db-options", "synchronous=FULL, timeout=PT10S",
                "--node-id", "e2e-node.1", "--lease-duration", "6s", "--read-timeout", "20s", "--idle-timeout", "PT2M",
                "--max-connections", "500", "--max-concurrent-requests", "400"));
        URI uri = server.awaitServing(Duration.ofSeconds(60));
        String s = uri.toString();
        try {
            Console dags = new Console(Map.of(), dir);
            assertEquals(0, dags.execute("dags", "--scheduler", s), dags.err());
            assertTrue(dags.out().contains("hello_world") && dags.out().contains("every 10s"), dags.out());

            Console trigger = new Console(Map.of("PPACER_SCHEDULER", s), dir);
            assertEquals(0, trigger.execute("trigger", "hello_world", "--wait", "--params", "{\"day\":\"2026-01-01\"}"),
                    trigger.out() + trigger.err());
            assertTrue(trigger.out().contains("SUCCESS"), trigger.out());
            assertTrue(trigger.out().contains("finish"), "shows task progress: " + trigger.out());
            long run = runId(trigger.out());

            Console logs = new Console(Map.of(), dir);
            assertEquals(0, logs.execute("logs", Long.toString(run), "start", "--scheduler", s), logs.err());
            assertTrue(logs.out().contains("Hello, world! Starting the run"), logs.out());

            Console tasks = new Console(Map.of(), dir);
            assertEquals(0, tasks.execute("tasks", Long.toString(run), "--scheduler", s), tasks.err());
            assertTrue(tasks.out().lines().filter(l -> l.contains("SUCCESS")).count() >= 5, tasks.out());

            Console runs = new Console(Map.of(), dir);
            assertEquals(0, runs.execute("runs", "hello_world", "--scheduler", s), runs.err());
            assertTrue(runs.out().contains(run + "  "), runs.out());

            Console status = new Console(Map.of(), dir);
            assertEquals(0, status.execute("status", "--scheduler", s), status.err());
            assertTrue(status.out().contains("state:    RUNNING"), status.out());
            assertTrue(status.out().contains("role:     leader (node e2e-node.1)"), status.out());

            Console pause = new Console(Map.of(), dir);
            assertEquals(0, pause.execute("pause", "hello_world", "--scheduler", s), pause.err());
            Console paused = new Console(Map.of(), dir);
            paused.execute("dags", "--scheduler", s);
            assertTrue(paused.out().lines().anyMatch(l -> l.startsWith("hello_world") && l.contains(" yes ")),
                    paused.out());
            assertEquals(0, new Console(Map.of(), dir).execute("unpause", "hello_world", "--scheduler", s));

            // flaky's middle task fails its first attempt: following that attempt ends with exit 1
            Console flaky = new Console(Map.of(), dir);
            assertEquals(0, flaky.execute("trigger", "flaky", "--wait", "--scheduler", s), flaky.out() + flaky.err());
            Console follow = new Console(Map.of(), dir);
            assertEquals(1, follow.execute("logs", Long.toString(runId(flaky.out())), "flaky", "--attempt", "0",
                    "--follow", "--scheduler", s), follow.out() + follow.err());
            assertTrue(follow.out().contains("FAILED_PENDING_RETRY"), follow.out());

            // the branching example: whichever minute it is, a branch or a short-circuit skips tasks and the run succeeds
            Console branching = new Console(Map.of(), dir);
            assertEquals(0, branching.execute("trigger", "branching", "--wait", "--scheduler", s),
                    branching.out() + branching.err());
            assertTrue(branching.out().contains("SKIPPED: branch not chosen: 'choose_load' chose [load_")
                    || branching.out().contains("SKIPPED: short-circuit: no new files"), branching.out());
            assertTrue(branching.out().contains("drop_staging"), "the teardown ran: " + branching.out());

            // the fan_out example: a mapped task runs as instances, listed by tasks, each with its own output
            Console fanOut = new Console(Map.of(), dir);
            assertEquals(0, fanOut.execute("trigger", "fan_out", "--wait", "--scheduler", s), fanOut.out() + fanOut.err());
            String fanRun = Long.toString(runId(fanOut.out()));
            Console instances = new Console(Map.of(), dir);
            assertEquals(0, instances.execute("tasks", fanRun, "--scheduler", s), instances.err());
            assertTrue(instances.out().lines().anyMatch(l -> l.startsWith("process_file[1]") && l.contains("SUCCESS")),
                    instances.out());
            Console one = new Console(Map.of(), dir);
            assertEquals(0, one.execute("output", fanRun, "process_file[1]", "--scheduler", s), one.err());
            assertEquals("180", one.out().strip());

            Console unknown = new Console(Map.of(), dir);
            assertEquals(2, unknown.execute("trigger", "no_such_dag", "--scheduler", s));
            assertTrue(unknown.err().contains("no_such_dag"), unknown.err());
        } finally {
            server.stop();
        }
        assertEquals(0, exit.get(60, TimeUnit.SECONDS), server.err());
        assertTrue(server.out().contains("ppacer stopped"), server.out());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void trigger_wait_exits_1_when_the_run_fails() throws Exception {
        Console server = new Console(Map.of(), dir);
        CompletableFuture<Integer> exit = async(() -> server.execute("scheduler", "--port", "0",
                "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db"), "--token", "s3cret"));
        String s = server.awaitServing(Duration.ofSeconds(60)).toString();
        try {
            Console noToken = new Console(Map.of(), dir);
            assertEquals(2, noToken.execute("trigger", "shell", "--scheduler", s));
            assertTrue(noToken.err().contains("401"), noToken.err());

            Console trigger = new Console(Map.of("PPACER_TOKEN", "s3cret"), dir);
            CompletableFuture<Integer> waited = async(() -> trigger.execute("trigger", "shell", "--wait", "--scheduler", s));
            // no executor: the run waits; fail its first task by hand
            SchedulerClient client = SchedulerClient.create(URI.create(s), java.util.Optional.of("s3cret"),
                    Duration.ofSeconds(10));
            long run = awaitRunId(trigger);
            String first = firstTask(client, run);
            client.postJson("/dag/run/" + run + "/task/" + first + "/mark", Map.of("status", "FAILED"));
            assertEquals(1, waited.get(60, TimeUnit.SECONDS), trigger.out() + trigger.err());
            assertTrue(trigger.out().contains("FAILED"), trigger.out());
        } finally {
            server.stop();
        }
        assertEquals(0, exit.get(60, TimeUnit.SECONDS), server.err());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_separate_executor_process_runs_the_tasks_of_a_scheduler() throws Exception {
        Console scheduler = new Console(Map.of(), dir);
        CompletableFuture<Integer> schedulerExit = async(() -> scheduler.execute("scheduler", "--port", "0",
                "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db"), "--token", "t0ken"));
        String s = scheduler.awaitServing(Duration.ofSeconds(60)).toString();
        Map<String, String> env = Map.of("PPACER_SCHEDULER", s, "PPACER_TOKEN", "t0ken");
        Console executor = new Console(env, dir);
        CompletableFuture<Integer> executorExit = async(() -> executor.execute("executor", "--executor-id", "remote-1",
                "--concurrency", "4"));
        executor.awaitServing(Duration.ofSeconds(60));
        try {
            Console trigger = new Console(env, dir);
            assertEquals(0, trigger.execute("trigger", "hello_world", "--wait"), trigger.out() + trigger.err());
            Console tasks = new Console(env, dir);
            assertEquals(0, tasks.execute("tasks", Long.toString(runId(trigger.out()))), tasks.err());
            assertTrue(tasks.out().lines().filter(l -> l.contains("remote-1")).count() == 4, tasks.out());
        } finally {
            executor.stop();
            scheduler.stop();
        }
        assertEquals(0, executorExit.get(60, TimeUnit.SECONDS), executor.err());
        assertTrue(executor.out().contains("ppacer executor stopped"), executor.out());
        assertEquals(0, schedulerExit.get(60, TimeUnit.SECONDS), scheduler.err());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void an_executor_given_several_schedulers_leaves_one_that_never_answers_for_the_next() throws Exception {
        Console scheduler = new Console(Map.of(), dir);
        CompletableFuture<Integer> schedulerExit = async(() -> scheduler.execute("scheduler", "--port", "0",
                "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db")));
        String s = scheduler.awaitServing(Duration.ofSeconds(60)).toString();
        // a frozen scheduler: accepts connections, never answers
        try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(frozen.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            String blackHole = "http://127.0.0.1:" + frozen.getLocalPort();
            Console executor = new Console(Map.of(), dir);
            CompletableFuture<Integer> executorExit = async(() -> executor.execute("executor", "--executor-id",
                    "remote-ha", "--scheduler", blackHole, "--scheduler", s));
            executor.awaitServing(Duration.ofSeconds(60));
            try {
                Console trigger = new Console(Map.of("PPACER_SCHEDULER", s), dir);
                assertEquals(0, trigger.execute("trigger", "hello_world", "--wait"), trigger.out() + trigger.err());
                Console tasks = new Console(Map.of("PPACER_SCHEDULER", s), dir);
                assertEquals(0, tasks.execute("tasks", Long.toString(runId(trigger.out()))), tasks.err());
                assertEquals(4, tasks.out().lines().filter(l -> l.contains("remote-ha")).count(), tasks.out());
                assertTrue(!held.isEmpty(), "the executor tried the frozen scheduler first");
            } finally {
                executor.stop();
                scheduler.stop();
                for (Socket h : held) {
                    h.close();
                }
            }
            assertEquals(0, executorExit.get(60, TimeUnit.SECONDS), executor.err());
            assertEquals(0, schedulerExit.get(60, TimeUnit.SECONDS), scheduler.err());
        }
    }

    /** On its own thread: the common pool may have a single thread on a 2-core machine. */
    static CompletableFuture<Integer> async(java.util.function.Supplier<Integer> command) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(command.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static long awaitRunId(Console c) {
        Await.until(Duration.ofSeconds(30), () -> TRIGGERED.matcher(c.out()).find(), () -> "no run triggered: " + c.out() + c.err());
        return runId(c.out());
    }

    private static String firstTask(SchedulerClient client, long run) {
        String json = client.getJson("/dagruns/" + run);
        Matcher m = Pattern.compile("\"taskId\":\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }
}
