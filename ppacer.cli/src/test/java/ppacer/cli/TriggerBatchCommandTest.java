package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/** {@code ppacer trigger DAG --batch FILE.jsonl} against a real scheduler: one run per line, ids printed in order. */
class TriggerBatchCommandTest {
    @TempDir
    Path dir;

    @Test
    void batch_file_triggers_one_run_per_line_and_a_bad_line_is_named() throws Exception {
        Dag one = Dag.builder("one").root(Node.of(Task.of("t", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(one))
                .storeUrl("jdbc:sqlite:" + dir.resolve("b.db")).stopTimeout(Duration.ofSeconds(2)).build());
                SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();
            Path file = Files.writeString(dir.resolve("runs.jsonl"), "{\"day\":\"2026-01-01\"}\n\n{\"day\":\"2026-01-02\"}\n{}\n");
            Console c = new Console(Map.of(), dir);
            assertEquals(0, c.execute("trigger", "one", "--batch", file.toString(), "--scheduler", s), c.err());
            List<String> lines = c.out().lines().toList();
            assertEquals("Triggered 3 runs of one:", lines.getFirst(), c.out());
            List<Long> ids = lines.subList(1, lines.size()).stream().map(Long::parseLong).toList();
            assertEquals(3, ids.size(), c.out());
            assertEquals(List.of("{\"day\":\"2026-01-01\"}", "{\"day\":\"2026-01-02\"}", "{}"), ids.stream()
                    .map(id -> scheduler.store().dagRuns().find(id).orElseThrow().paramsJson()).toList());

            Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{}\n[1]\n");
            Console refused = new Console(Map.of(), dir);
            assertEquals(2, refused.execute("trigger", "one", "--batch", bad.toString(), "--scheduler", s), refused.out());
            assertTrue(refused.err().contains("Line 2 of " + bad) && refused.err().contains("[1]"), refused.err());
            assertEquals(3, scheduler.store().dagRuns().recent(Optional.empty(), Optional.empty(), 10).size(),
                    "nothing more created");
        }
    }
}
