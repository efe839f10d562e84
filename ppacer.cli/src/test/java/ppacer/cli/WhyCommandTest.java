package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskStatus;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/** {@code ppacer why RUN [TASK]}: the explainer's sentences, its JSON, and exit 2 naming an unknown run or task. */
class WhyCommandTest {
    @TempDir
    Path dir;

    @Test
    void says_why_each_task_waits_as_sentences_or_json_and_refuses_unknown_ids() {
        Node extract = Node.of(Task.of("extract", ctx -> { }));
        extract.then(Node.of(Task.of("load", ctx -> { })));
        Dag etl = Dag.builder("etl").root(extract).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(etl)).clock(clock)
                .storeUrl("jdbc:sqlite:" + dir.resolve("w.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            long run = scheduler.trigger("etl", "{}");
            scheduler.nextTask("exec-1", Duration.ofSeconds(60)).orElseThrow();
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().attempts().latest(run).stream()
                    .anyMatch(a -> a.status() == TaskStatus.RUNNING), () -> "extract running");
            String url = server.uri().toString();
            Console c = new Console(Map.of(), dir);
            assertEquals(0, c.execute("why", String.valueOf(run), "--scheduler", url), c.err());
            assertEquals("Run " + run + " of etl is RUNNING.\n"
                    + "  extract  RUNNING: task 'extract' runs on exec-1 since 2026-12-07T10:00:00Z (attempt 0; its lease"
                    + " runs until 2026-12-07T10:00:10Z, renewed by heartbeats)\n"
                    + "  load     WAITING_FOR_UPSTREAM: task 'load' waits for its parent extract: RUNNING\n",
                    c.out().replace("\r\n", "\n"));

            Console one = new Console(Map.of(), dir);
            assertEquals(0, one.execute("why", String.valueOf(run), "load", "--scheduler", url), one.err());
            assertEquals("load: WAITING_FOR_UPSTREAM: task 'load' waits for its parent extract: RUNNING\n",
                    one.out().replace("\r\n", "\n"));

            Console json = new Console(Map.of(), dir);
            assertEquals(0, json.execute("why", String.valueOf(run), "load", "--json", "--scheduler", url), json.err());
            assertTrue(json.out().contains("\"reason\" : \"WAITING_FOR_UPSTREAM\""), json.out());
            assertTrue(json.out().contains("\"waitingFor\" : [ \"extract: RUNNING\" ]"), json.out());

            Console unknownRun = new Console(Map.of(), dir);
            assertEquals(2, unknownRun.execute("why", "999", "--scheduler", url));
            assertEquals(1, unknownRun.err().strip().lines().count(), unknownRun.err());
            assertTrue(unknownRun.err().contains("999"), unknownRun.err());
            Console unknownTask = new Console(Map.of(), dir);
            assertEquals(2, unknownTask.execute("why", String.valueOf(run), "nope", "--scheduler", url));
            assertTrue(unknownTask.err().contains("'nope'"), unknownTask.err());
            Console neither = new Console(Map.of(), dir);
            assertEquals(2, neither.execute("why", "--scheduler", url));
            assertTrue(neither.err().contains("Give a run id"), neither.err());

            Console dag = new Console(Map.of(), dir);
            assertEquals(0, dag.execute("why", "--dag", "etl", "--scheduler", url), dag.err());
            assertTrue(dag.out().startsWith("NEXT_SCHEDULE: etl has active runs [" + run + "]; it has no schedule point"
                    + " ahead (manual runs only)"), dag.out());
        }
    }
}
