package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;

/** {@code ppacer restart RUN --dry-run}: what a restart would do, printed, nothing changed. */
class RestartDryRunTest {
    @TempDir
    Path dir;

    @Test
    void prints_the_plan_and_changes_nothing() {
        Node extract = Node.of(Task.of("extract", ctx -> { }));
        extract.then(Node.of(Task.of("load", ctx -> { }))).then(Node.of(Task.of("report", ctx -> { })));
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(Dag.builder("etl").root(extract)
                        .build())).storeUrl("jdbc:sqlite:" + dir.resolve("r.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();
            long run = scheduler.trigger("etl", "{}");
            TaskLease a = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            scheduler.report(a.key(), a.token(), TaskOutcome.success());
            TaskLease b = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            scheduler.report(b.key(), b.token(), TaskOutcome.failed("boom"));
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().dagRuns().find(run).orElseThrow().status()
                    == DagRunStatus.FAILED, () -> "run " + run + " fails");

            Console c = new Console(Map.of(), dir);
            assertEquals(0, c.execute("restart", Long.toString(run), "--dry-run", "--scheduler", s), c.err());
            assertEquals("Restarting run " + run + " of etl would:\n"
                    + "  give a new attempt to: load\n"
                    + "  run first:             load\n"
                    + "  leave waiting:         report\n"
                    + "  keep the outcome of 1 task(s)\n"
                    + "Nothing was changed (--dry-run).\n", c.out());
            assertEquals(DagRunStatus.FAILED, scheduler.store().dagRuns().find(run).orElseThrow().status());
            assertEquals(1, scheduler.store().attempts().attempts(run, "load").size(), "no new attempt");

            Console both = new Console(Map.of(), dir);
            assertEquals(2, both.execute("restart", Long.toString(run), "--dry-run", "--wait", "--scheduler", s));
            assertTrue(both.err().contains("--dry-run changes nothing, so there is nothing to --wait for"), both.err());
        }
    }
}
