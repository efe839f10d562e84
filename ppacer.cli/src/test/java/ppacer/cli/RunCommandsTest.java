package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.TaskStatus;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.BranchedRun;

/**
 * {@code ppacer trigger --wait}, {@code tasks}, {@code logs}, {@code runs} and {@code mark} against a
 * real scheduler without an executor: the test takes and reports the attempts itself (or writes a
 * finished run to the store), so every status is known when a command runs.
 */
class RunCommandsTest {
    private static final Pattern TRIGGERED = Pattern.compile("Triggered two: run (\\d+)");

    @TempDir
    Path dir;

    private static Task task(String id) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext context) {
                // never run: the test reports the attempts
            }
        };
    }

    /** a, then b, which is retried once. */
    private static Dag two() {
        Node a = Node.of(task("a"));
        a.then(Node.of(task("b"), TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(Duration.ZERO)).build()));
        return Dag.builder("two").root(a).build();
    }

    private static TaskLease take(Scheduler scheduler, String taskId, int attempt) {
        TaskLease l = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError(
                "no attempt handed out; expected " + taskId + " " + attempt));
        assertEquals(taskId + " " + attempt, l.taskId() + " " + l.attempt());
        return l;
    }

    /** a succeeds after logging a line; b fails twice, the first time with a two-line error. */
    private static void drive(Scheduler scheduler, long runId) {
        TaskLease a = take(scheduler, "a", 0);
        scheduler.appendLogs(a.key(), Optional.of("e1"), a.token(), List.of(new TaskLogRecord(a.key(),
                scheduler.clock().instant(), "INFO", "hello from a", "{}")));
        scheduler.report(a.key(), a.token(), TaskOutcome.success());
        TaskLease b0 = take(scheduler, "b", 0);
        scheduler.report(b0.key(), b0.token(), TaskOutcome.failed("boom\nat the second line"));
        TaskLease b1 = take(scheduler, "b", 1);
        scheduler.report(b1.key(), b1.token(), TaskOutcome.failed("boom again"));
        Await.until(Duration.ofSeconds(60), () -> scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.FAILED, () -> "run " + runId + " did not fail");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void trigger_wait_tasks_logs_and_runs_read_a_run_from_the_public_endpoints() throws Exception {
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(two()))
                .storeUrl("jdbc:sqlite:" + dir.resolve("runs.db")).stopTimeout(Duration.ofSeconds(2)).build());
                SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();

            Console trigger = new Console(Map.of(), dir);
            CompletableFuture<Integer> waited = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> waited.complete(trigger.execute("trigger", "two", "--wait",
                    "--scheduler", s)));
            Await.until(Duration.ofSeconds(60), () -> TRIGGERED.matcher(trigger.out()).find(),
                    () -> trigger.out() + trigger.err());
            Matcher m = TRIGGERED.matcher(trigger.out());
            assertTrue(m.find());
            long run = Long.parseLong(m.group(1));
            String r = Long.toString(run);
            Await.until(Duration.ofSeconds(60), () -> !scheduler.store().attempts().attempts(run, "a").isEmpty(),
                    () -> "the root attempt of run " + run);

            Console before = new Console(Map.of(), dir);
            assertEquals(0, before.execute("tasks", r, "--scheduler", s), before.err());
            assertTrue(before.out().lines().anyMatch(l -> l.matches("b\\s+-\\s+NO_STATUS\\s+-\\s+-\\s+-\\s+0\\s+-")),
                    "a task not scheduled yet: " + before.out());
            Console notYet = new Console(Map.of(), dir);
            assertEquals(0, notYet.execute("logs", r, "b", "--scheduler", s), notYet.err());
            assertEquals("", notYet.out());

            assertTrue(before.out().lines().anyMatch(l -> l.matches("a\\s+0\\s+SCHEDULED\\s+-\\s+-\\s+-\\s+0\\s+-")),
                    "a task waiting to be handed out has no duration: " + before.out());

            drive(scheduler, run);
            assertEquals(1, waited.get(60, TimeUnit.SECONDS), trigger.out() + trigger.err());
            assertTrue(trigger.out().lines().anyMatch(l -> l.matches("\\s+b \\(attempt 1\\)\\s+FAILED: boom again")),
                    trigger.out());
            assertTrue(trigger.out().contains("Run " + run + " of two: FAILED in "), trigger.out());
            assertTrue(trigger.out().contains("(1/3 task attempts succeeded)"), trigger.out());

            Console tasks = new Console(Map.of(), dir);
            assertEquals(0, tasks.execute("tasks", r, "--scheduler", s), tasks.err());
            List<String> lines = tasks.out().lines().toList();
            assertTrue(lines.getFirst().matches("Run " + run + " of two \\(execTs \\S+T\\S+\\): FAILED, \\S+s, trigger "
                    + "MANUALLY_TRIGGERED"), tasks.out());
            assertTrue(lines.get(1).startsWith("TASK"), tasks.out());
            String started = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
            assertTrue(lines.get(2).matches("a\\s+0\\s+SUCCESS\\s+" + started + "\\s+\\S+s\\s+e1\\s+1\\s+-"), tasks.out());
            assertTrue(lines.get(3).matches("b\\s+0\\s+FAILED_PENDING_RETRY\\s+" + started + "\\s+\\S+s\\s+e1\\s+0\\s+boom"),
                    "the error's first line: " + tasks.out());
            assertTrue(lines.get(4).matches("b\\s+1\\s+FAILED\\s+" + started + "\\s+\\S+s\\s+e1\\s+0\\s+boom again"),
                    tasks.out());
            assertEquals(5, lines.size(), tasks.out());

            Console logs = new Console(Map.of(), dir);
            assertEquals(0, logs.execute("logs", r, "a", "--scheduler", s), logs.err());
            assertTrue(logs.out().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} INFO  hello from a\\R"),
                    logs.out());
            Console follow = new Console(Map.of(), dir);
            assertEquals(1, follow.execute("logs", r, "b", "--follow", "--scheduler", s), follow.err());
            assertTrue(follow.out().contains("-- attempt 1 of b in run " + run + ": FAILED"), follow.out());
            Console first = new Console(Map.of(), dir);
            assertEquals(1, first.execute("logs", r, "b", "--attempt", "0", "--follow", "--scheduler", s), first.err());
            assertTrue(first.out().contains("-- attempt 0 of b in run " + run + ": FAILED_PENDING_RETRY"), first.out());
            Console succeeded = new Console(Map.of(), dir);
            assertEquals(0, succeeded.execute("logs", r, "a", "-f", "--scheduler", s), succeeded.err());
            assertTrue(succeeded.out().contains("-- attempt 0 of a in run " + run + ": SUCCESS"), succeeded.out());

            Console runs = new Console(Map.of(), dir);
            assertEquals(0, runs.execute("runs", "--scheduler", s), runs.err());
            assertTrue(runs.out().lines().anyMatch(l -> l.matches(run + "\\s+two\\s+" + started
                    + "\\s+FAILED\\s+2/2\\s+1\\s+\\S+s\\s+MANUALLY_TRIGGERED")), runs.out());
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void tasks_shows_why_a_task_was_skipped_and_what_a_branch_chose() {
        try (Store real = Stores.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("branch.db"), Map.of(), Clock.systemUTC()));
                Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(BranchedRun.dag()))
                        .store(real).stopTimeout(Duration.ofSeconds(2)).build());
                SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            long run = BranchedRun.insert(scheduler.store(), Instant.parse("2026-12-01T10:00:00Z"));
            Console tasks = new Console(Map.of(), dir);
            assertEquals(0, tasks.execute("tasks", Long.toString(run), "--scheduler", server.uri().toString()), tasks.err());
            List<String> lines = tasks.out().lines().toList();
            assertTrue(lines.get(1).matches("TASK\\s+ATTEMPT\\s+STATUS\\s+STARTED\\s+DURATION\\s+EXECUTOR\\s+LOGS\\s+"
                    + "ERROR / REASON"), tasks.out());
            String started = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
            assertTrue(lines.stream().anyMatch(l -> l.matches("right\\s+0\\s+SKIPPED\\s+-\\s+-\\s+-\\s+0\\s+"
                    + Pattern.quote(BranchedRun.RIGHT_REASON))), "a SKIPPED task that never started has no duration, "
                    + "and its reason: " + tasks.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("pick\\s+0\\s+SUCCESS\\s+" + started
                    + "\\s+\\S+s\\s+fixture\\s+0\\s+branch chose left")), "a branch's choice: " + tasks.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("join\\s+0\\s+SUCCESS\\s+.*\\s+-")), tasks.out());
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void mark_sets_a_task_success_failed_or_skipped_and_clear_runs_it_again() {
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(two()))
                .storeUrl("jdbc:sqlite:" + dir.resolve("mark.db")).stopTimeout(Duration.ofSeconds(2)).build());
                SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();
            long run = scheduler.trigger("two", "{}");
            String r = Long.toString(run);
            drive(scheduler, run);

            Console success = new Console(Map.of(), dir);
            assertEquals(0, success.execute("mark", r, "b", "SUCCESS", "--scheduler", s), success.err());
            assertEquals("Marked b of run " + run + " SUCCESS", success.out().strip());
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().dagRuns().find(run).orElseThrow().status()
                    == DagRunStatus.SUCCESS, () -> "run " + run + " did not succeed once b was marked");

            Console bad = new Console(Map.of(), dir);
            assertEquals(2, bad.execute("mark", r, "b", "MAYBE", "--scheduler", s), bad.out());
            assertTrue(bad.err().contains("expected one of [SUCCESS, FAILED, SKIPPED]") && bad.err().contains("'MAYBE'"),
                    bad.err());

            Console skip = new Console(Map.of(), dir);
            assertEquals(0, skip.execute("mark", r, "b", "SKIPPED", "--scheduler", s), skip.out() + skip.err());
            assertEquals("Marked b of run " + run + " SKIPPED", skip.out().strip());
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().attempts().latest(run).stream()
                    .anyMatch(a -> a.key().taskId().equals("b") && a.status() == TaskStatus.SKIPPED
                            && a.reason().equals(java.util.Optional.of("marked SKIPPED by an operator"))),
                    () -> "b marked SKIPPED with the operator's reason");

            Console clear = new Console(Map.of(), dir);
            assertEquals(0, clear.execute("clear", r, "b", "--scheduler", s), clear.out() + clear.err());
            assertEquals("Cleared b of run " + run, clear.out().strip());
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().attempts().latest(run).stream()
                    .anyMatch(a -> a.key().taskId().equals("b") && a.status() == TaskStatus.SCHEDULED
                            || a.key().taskId().equals("b") && a.status() == TaskStatus.RUNNING
                            || a.key().taskId().equals("b") && a.status() == TaskStatus.SUCCESS),
                    () -> "b cleared: it runs again");
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void unknown_runs_tasks_and_attempts_exit_2_naming_them() {
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(two()))
                .storeUrl("jdbc:sqlite:" + dir.resolve("unknown.db")).stopTimeout(Duration.ofSeconds(2)).build());
                SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();
            long run = scheduler.trigger("two", "{}");
            String r = Long.toString(run);
            drive(scheduler, run);

            for (List<String> args : List.of(List.of("tasks", "987654"), List.of("logs", "987654", "a"),
                    List.of("logs", "987654", "a", "--attempt", "0"), List.of("logs", r, "zzz"),
                    List.of("logs", r, "zzz", "--attempt", "1"), List.of("logs", r, "b", "--attempt", "5"),
                    List.of("logs", r, "a", "--attempt", "5", "--follow"))) {
                Console c = new Console(Map.of(), dir);
                List<String> command = new java.util.ArrayList<>(args);
                command.addAll(List.of("--scheduler", s));
                assertEquals(2, c.execute(command.toArray(String[]::new)), args + ": " + c.out() + c.err());
                String named = args.get(1).equals("987654") ? "987654"
                        : args.get(2).equals("zzz") ? "'zzz'" : "attempt 5";
                assertTrue(c.err().contains(named), args + " names " + named + ": " + c.err());
            }
        }
    }
}
