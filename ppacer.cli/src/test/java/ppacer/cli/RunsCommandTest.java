package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer runs [DAG]} against a real scheduler with more runs in its store than the UI's latest-runs page. */
class RunsCommandTest {
    @TempDir
    Path dir;

    private static Dag dag(String id) {
        Task only = new Task() {
            @Override
            public String id() {
                return "only";
            }

            @Override
            public void execute(TaskContext context) {
                // nothing to do: the runs of this test are written to the store as finished
            }
        };
        return Dag.builder(id).root(Node.of(only)).build();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void a_dags_run_older_than_the_latest_thousand_runs_of_all_dags_is_listed() {
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(dag("a"), dag("b")))
                .storeUrl("jdbc:sqlite:" + dir.resolve("runs.db")).stopTimeout(Duration.ofSeconds(2)).build());
                SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            long runOfA = scheduler.store().dagRuns().insert(new NewDagRun("a", t0, DagRunStatus.SUCCESS, "{}",
                    ScheduleEventType.OUT_OF_BAND, 1, t0));
            for (int i = 1; i <= 1000; i++) {
                Instant at = t0.plusSeconds(i);
                scheduler.store().dagRuns().insert(new NewDagRun("b", at, DagRunStatus.SUCCESS, "{}",
                        ScheduleEventType.OUT_OF_BAND, 1, at));
            }
            String s = server.uri().toString();

            Console runs = new Console(Map.of(), dir);
            assertEquals(0, runs.execute("runs", "a", "--scheduler", s), runs.out() + runs.err());
            assertTrue(runs.out().lines().anyMatch(l -> l.startsWith(runOfA + " ") && l.contains(" a ")
                    && l.contains("SUCCESS") && l.contains("OUT_OF_BAND")), runs.out());

            // a limit above one page of the public endpoint (200) is served page by page, newest first
            Console many = new Console(Map.of(), dir);
            assertEquals(0, many.execute("runs", "b", "--limit", "450", "--scheduler", s), many.err());
            assertEquals(451, many.out().lines().count(), "a header and 450 runs");
            assertTrue(many.out().lines().skip(1).allMatch(l -> l.contains(" b ")), many.out());

            // every DAG's runs (GET /dagruns) are paged the same way: a's run is the 1001st newest
            Console all = new Console(Map.of(), dir);
            assertEquals(0, all.execute("runs", "--limit", "1000", "--scheduler", s), all.err());
            assertEquals(1001, all.out().lines().count(), "a header and 1000 runs");
            assertTrue(all.out().lines().skip(1).allMatch(l -> l.contains(" b ")), "newest first: " + all.out());
            assertTrue(all.out().lines().skip(1).map(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).distinct()
                    .count() == 1000, "no run twice across pages");

            Console unknown = new Console(Map.of(), dir);
            assertEquals(2, unknown.execute("runs", "no_such_dag", "--scheduler", s), unknown.out());
            assertTrue(unknown.err().contains("Unknown DAG 'no_such_dag'; known DAGs: [a, b]"), unknown.err());
            // every command taking a DAG id says the same
            for (String command : java.util.List.of("trigger", "pause", "unpause")) {
                Console other = new Console(Map.of(), dir);
                assertEquals(2, other.execute(command, "no_such_dag", "--scheduler", s), other.out());
                assertTrue(other.err().contains("no_such_dag") && other.err().contains("[a, b]"), command + ": " + other.err());
            }
        }
    }
}
