package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.TaskStatus;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/**
 * {@code ppacer trigger DAG --wait} says why nothing runs, at once and whenever it changes: the DAG
 * is paused, then (unpaused) no executor has polled for 30 s, then an executor connected; against a
 * real scheduler on an injected clock behind a real server, the test playing the executor.
 */
class TriggerWaitReasonsTest {
    private static final Pattern TRIGGERED = Pattern.compile("Triggered hello: run (\\d+)");

    @TempDir
    Path dir;

    private static Dag hello() {
        return Dag.builder("hello").root(Node.of(new Task() {
            @Override
            public String id() {
                return "say";
            }

            @Override
            public void execute(TaskContext context) {
                // never run: the test reports the attempt
            }
        })).build();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void trigger_wait_prints_why_the_run_waits_and_when_that_ends() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(hello())).clock(clock)
                .storeUrl("jdbc:sqlite:" + dir.resolve("wait.db")).stopTimeout(Duration.ofSeconds(2)).build());
                SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            scheduler.pause("hello");
            Console trigger = new Console(Map.of(), dir);
            CompletableFuture<Integer> waited = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> waited.complete(trigger.execute("trigger", "hello", "--wait",
                    "--scheduler", server.uri().toString())));

            String paused = "  waiting: hello is paused: the run waits until `ppacer unpause hello`";
            awaitLine(trigger, paused);
            Matcher m = TRIGGERED.matcher(trigger.out());
            assertTrue(m.find(), trigger.out());
            long run = Long.parseLong(m.group(1));

            scheduler.unpause("hello");
            awaitLine(trigger, "  hello is unpaused: the run goes on");
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().attempts().latest(run).stream()
                    .anyMatch(a -> a.status() == TaskStatus.SCHEDULED), () -> "say scheduled in run " + run);

            clock.advance(Duration.ofSeconds(30));
            String noExecutor = "  waiting: no executor has polled for 30 s: the scheduled tasks wait until one does "
                    + "(start one with `ppacer executor --scheduler URL`, or use `ppacer run`, which has its own)";
            awaitLine(trigger, noExecutor);

            TaskLease say = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            awaitLine(trigger, "  executor connected: the run goes on");
            scheduler.report(say.key(), say.token(), TaskOutcome.success());
            assertEquals(0, waited.get(60, TimeUnit.SECONDS), trigger.out() + trigger.err());

            String out = trigger.out();
            assertEquals(1, out.lines().filter(paused::equals).count(), "said once, not at every poll: " + out);
            assertEquals(1, out.lines().filter(noExecutor::equals).count(), out);
            assertTrue(out.indexOf(paused) < out.indexOf("unpaused") && out.indexOf("unpaused") < out.indexOf(noExecutor)
                    && out.indexOf(noExecutor) < out.indexOf("executor connected")
                    && out.indexOf("executor connected") < out.indexOf("Run " + run + " of hello: SUCCESS"), out);
        }
    }

    private static void awaitLine(Console c, String line) {
        Await.until(Duration.ofSeconds(60), () -> c.out().lines().anyMatch(line::equals), () -> "no line '" + line
                + "' in:\n" + c.out() + c.err());
    }
}
