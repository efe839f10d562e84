package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskOutput;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer output RUN TASK}: JSON pretty-printed, bytes described or written to a file, clear errors. */
class OutputCommandTest {
    @TempDir
    Path dir;

    @Test
    void prints_json_pretty_describes_bytes_and_writes_them_to_a_file() throws Exception {
        Node json = Node.of(Task.of("json", ctx -> { }));
        json.then(Node.of(Task.of("blob", ctx -> { }))).then(Node.of(Task.of("none", ctx -> { })));
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(Dag.builder("out").root(json)
                        .build())).storeUrl("jdbc:sqlite:" + dir.resolve("out.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();
            long run = scheduler.trigger("out", "{}");
            TaskLease a = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            scheduler.report(a.key(), a.token(), TaskOutcome.success(Optional.empty(),
                    Optional.of(TaskOutput.json("{\"files\":[\"a.csv\"],\"rows\":3}"))));
            TaskLease b = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            byte[] bytes = {0, 1, 2, (byte) 255};
            scheduler.report(b.key(), b.token(), TaskOutcome.success(Optional.empty(),
                    Optional.of(new TaskOutput("application/octet-stream", bytes))));
            TaskLease c = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            scheduler.report(c.key(), c.token(), TaskOutcome.success());

            Console out = new Console(Map.of(), dir);
            assertEquals(0, out.execute("output", Long.toString(run), "json", "--scheduler", s), out.err());
            assertEquals("{\n  \"files\" : [ \"a.csv\" ],\n  \"rows\" : 3\n}\n", out.out());

            Console blob = new Console(Map.of(), dir);
            assertEquals(0, blob.execute("output", Long.toString(run), "blob", "--scheduler", s), blob.err());
            assertEquals("4 bytes of application/octet-stream (attempt 0); write them to a file with --to FILE\n", blob.out());
            Console file = new Console(Map.of(), dir);
            Path target = dir.resolve("blob.bin");
            assertEquals(0, file.execute("output", Long.toString(run), "blob", "--attempt", "0", "--to", target.toString(),
                    "--scheduler", s), file.err());
            assertArrayEquals(bytes, Files.readAllBytes(target));
            Console unwritable = new Console(Map.of(), dir);
            Path nowhere = dir.resolve("no-such-dir").resolve("blob.bin");
            assertEquals(2, unwritable.execute("output", Long.toString(run), "blob", "--to", nowhere.toString(),
                    "--scheduler", s));
            assertEquals("ppacer output: Cannot write the output to " + nowhere + ": java.nio.file.NoSuchFileException: "
                    + nowhere, unwritable.err().strip(), "one line, no stack trace");

            Console none = new Console(Map.of(), dir);
            assertEquals(2, none.execute("output", Long.toString(run), "none", "--scheduler", s));
            assertEquals("ppacer output: GET /dagruns/" + run + "/tasks/none/output answered 404 by " + s + ": Task 'none' of run "
                    + run + " stored no output", none.err().strip());
            Console unknown = new Console(Map.of(), dir);
            assertEquals(2, unknown.execute("output", Long.toString(run), "ghost", "--scheduler", s));
            assertEquals(true, unknown.err().strip().endsWith(": DAG 'out' has no task 'ghost'"), unknown.err());
        }
    }
}
