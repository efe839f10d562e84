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
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer executors}: the executors the scheduler is in touch with, with what they hold. */
class ExecutorsCommandTest {
    @TempDir
    Path dir;

    @Test
    void lists_each_executor_with_its_state_and_the_attempts_it_holds() {
        Dag one = Dag.builder("one").root(Node.of(Task.of("t", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(one))
                .storeUrl("jdbc:sqlite:" + dir.resolve("e.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            scheduler.nextTasks("idle-exec", 1, Duration.ZERO);
            scheduler.trigger("one", "{}");
            scheduler.nextTask("busy-exec", Duration.ofSeconds(60)).orElseThrow();
            Console c = new Console(Map.of(), dir);
            assertEquals(0, c.execute("executors", "--scheduler", server.uri().toString()), c.err());
            String out = c.out();
            assertTrue(out.lines().findFirst().orElse("").matches("EXECUTOR +STATE +RUNNING +LAST CONTACT +FIRST CONTACT +ADDRESS +VERSION"), out);
            assertTrue(out.lines().anyMatch(l -> l.matches("busy-exec +active +1 .* in-process +-")), out);
            assertTrue(out.lines().anyMatch(l -> l.matches("idle-exec +active +0 .*")), out);
        }
    }
}
