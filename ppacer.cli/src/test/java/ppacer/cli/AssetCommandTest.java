package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import ppacer.api.schedule.AssetCondition;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer assets}, {@code ppacer asset NAME} and {@code ppacer asset emit NAME [--meta] [--key]}. */
class AssetCommandTest {
    @TempDir
    Path dir;

    @Test
    void emits_lists_and_shows_assets_and_refuses_bad_input_in_one_line() {
        Dag producer = Dag.builder("load").root(Node.of(Task.of("orders", ctx -> { })).produces("s3://bucket/orders"))
                .build();
        Dag consumer = Dag.builder("report").onAssets(AssetCondition.asset("s3://bucket/orders"))
                .root(Node.of(Task.of("r", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(List.of(producer, consumer)))
                .storeUrl("jdbc:sqlite:" + dir.resolve("a.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            scheduler.pause("report");
            String url = server.uri().toString();
            Console emit = new Console(Map.of(), dir);
            assertEquals(0, emit.execute("asset", "emit", "s3://bucket/orders", "--meta", "{\"rows\":42}", "--key", "k1",
                    "--scheduler", url), emit.err());
            assertTrue(emit.out().startsWith("Recorded event #1 of s3://bucket/orders at "), emit.out());
            Console again = new Console(Map.of(), dir);
            assertEquals(0, again.execute("asset", "emit", "s3://bucket/orders", "--key", "k1", "--scheduler", url),
                    again.err());
            assertTrue(again.out().startsWith("Already recorded (same key): event #1 of s3://bucket/orders"), again.out());

            Console list = new Console(Map.of(), dir);
            assertEquals(0, list.execute("assets", "--scheduler", url), list.err());
            List<String> lines = list.out().lines().toList();
            assertTrue(lines.getFirst().matches("ASSET +LATEST EVENT +FROM +PRODUCERS +CONSUMERS"), list.out());
            assertTrue(lines.get(1).matches("s3://bucket/orders +#1 \\S+ +\\S+ \\(\\S+\\) +load/orders +report"),
                    list.out());

            Console one = new Console(Map.of(), dir);
            assertEquals(0, one.execute("asset", "s3://bucket/orders", "--scheduler", url), one.err());
            assertTrue(one.out().contains("producers: load/orders"), one.out());
            assertTrue(one.out().contains("consumers: report"), one.out());
            assertTrue(one.out().lines().anyMatch(l -> l.matches("#1 +\\S+ +\\S+ \\(\\S+\\) +k1 +\\{\"rows\":42}")),
                    one.out());

            for (List<String> bad : List.of(List.of("emit", "nobody.uses.this"), List.of("emit", "s3://bucket/orders",
                    "--meta", "[1]"), List.of("nobody.uses.this"))) {
                Console b = new Console(Map.of(), dir);
                List<String> args = new java.util.ArrayList<>(List.of("asset"));
                args.addAll(bad);
                args.addAll(List.of("--scheduler", url));
                int code = b.execute(args.toArray(String[]::new));
                assertTrue(code != 0, bad + ": " + b.out());
                assertEquals(1, b.err().lines().count(), b.err());
                assertTrue(b.err().contains("nobody.uses.this") || b.err().contains("--meta"), b.err());
            }
            assertEquals(1, scheduler.assetEvents("s3://bucket/orders", java.util.OptionalLong.empty(), 10).size(),
                    "nothing more recorded");
            assertEquals(Optional.empty(), scheduler.store().dagRuns().latest("report"), "paused: no run");
        }
    }
}
