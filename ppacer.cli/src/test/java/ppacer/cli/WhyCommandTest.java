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

    /** A run of 150 waiting tasks: the counts by reason first, then one page, and how to see the next. */
    @Test
    void a_big_run_is_summed_up_first_then_paged() {
        java.util.List<Node> roots = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            roots.add(Node.of(Task.of("w" + i, ctx -> { })));
        }
        Dag big = Dag.builder("big").root(roots.getFirst(), roots.subList(1, 150).toArray(Node[]::new)).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(big)).clock(clock)
                .storeUrl("jdbc:sqlite:" + dir.resolve("big.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            long run = scheduler.trigger("big", "{}");
            Await.until(Duration.ofSeconds(60), () -> scheduler.why(run, java.util.Optional.empty(), 0, 0).counts()
                    .equals(Map.of(ppacer.scheduler.model.Why.Kind.QUEUED, 150)), () -> "150 queued");
            String url = server.uri().toString();
            Console c = new Console(Map.of(), dir);
            assertEquals(0, c.execute("why", String.valueOf(run), "--limit", "2", "--scheduler", url), c.err());
            java.util.List<String> lines = c.out().replace("\r\n", "\n").lines().toList();
            assertEquals(6, lines.size(), c.out());
            assertEquals("Run " + run + " of big is RUNNING.", lines.get(0));
            assertEquals("  150 unfinished tasks: QUEUED 150", lines.get(1));
            assertEquals("  tasks 1-2 of 150 (blocked first, then running, queued, waiting for parents):", lines.get(2));
            assertTrue(lines.get(3).matches("  w\\d+ +QUEUED: task 'w\\d+' is queued at position 1 of 150 ready tasks of big.*"),
                    lines.get(3));
            assertTrue(lines.get(4).contains("QUEUED: "), lines.get(4));
            assertEquals("  ... and 148 more (ppacer why " + run + " --offset 2; or --reason REASON)", lines.get(5));

            Console all = new Console(Map.of(), dir);
            assertEquals(0, all.execute("why", String.valueOf(run), "--scheduler", url), all.err());
            assertEquals(3 + 100 + 1, all.out().lines().count(), "the scheduler's default page of 100: " + all.out());
            assertTrue(all.out().contains("  ... and 50 more (ppacer why " + run + " --offset 100; or --reason REASON)"),
                    all.out());

            Console last = new Console(Map.of(), dir);
            assertEquals(0, last.execute("why", String.valueOf(run), "--offset", "149", "--reason", "QUEUED", "--scheduler",
                    url), last.err());
            assertTrue(last.out().contains("  tasks 150-150 of 150 QUEUED (blocked first"), last.out());
            assertTrue(!last.out().contains("more (ppacer why"), "the last page: " + last.out());

            Console bad = new Console(Map.of(), dir);
            assertEquals(2, bad.execute("why", String.valueOf(run), "--reason", "NOPE", "--scheduler", url));
            assertTrue(bad.err().contains("'NOPE'"), bad.err());
            Console negative = new Console(Map.of(), dir);
            assertEquals(2, negative.execute("why", String.valueOf(run), "--limit", "-1", "--scheduler", url));
            assertTrue(negative.err().contains("-1"), negative.err());
        }
    }
}
