package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * The hop-latency and task-duration histograms are recorded by the core for every executor: here
 * the attempts are taken and reported through the Java API alone (as the in-process link does),
 * with no HTTP server at all.
 */
class AttemptTimingsTest {
    @TempDir
    Path dir;

    @Test
    void every_hand_out_and_every_accepted_report_is_timed_once() {
        Tasks tasks = new Tasks();
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b")), Node.of(tasks.ok("c")));
        try (Scheduler s = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(Dag.builder("timed").root(a).build()))
                .storeUrl("jdbc:sqlite:" + dir.resolve("x.db")).build())) {
            s.trigger("timed", "{}");
            int reported = 0;
            while (reported < 3) {
                List<TaskLease> leases = s.nextTasks("e1", 3, Duration.ofSeconds(30));
                assertTrue(!leases.isEmpty(), "an attempt is handed out within 30 s");
                for (TaskLease l : leases) {
                    ReportResult refused = s.report(l.key(), "not-the-token", TaskOutcome.success());
                    assertTrue(!refused.accepted(), refused::toString);
                    ReportResult r = s.report(l.key(), l.token(), TaskOutcome.success());
                    assertTrue(r.accepted(), r::toString);
                    reported++;
                }
            }
            SchedulerStats stats = s.stats();
            assertEquals(3, stats.hopLatency().count(), stats.hopLatency()::toString);
            assertEquals(3, stats.taskDuration().count(), "a refused report is not timed: " + stats.taskDuration());
            assertEquals(stats.hopLatency().bounds().size() + 1, stats.hopLatency().counts().size());
            assertTrue(stats.taskDuration().sumSeconds() >= 0);
        }
    }
}
