package ppacer.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.tasks.FileExists;
import ppacer.tasks.Sensor;

/**
 * {@code file_sensor}: waits for a CSV file without holding an executor slot, then loads it; run
 * only when triggered:
 * <pre>
 * wait_for_csv ── load_csv
 * </pre>
 * {@code wait_for_csv} is a {@link Sensor}: each poke looks for {@code <tmp>/ppacer-inbox/*.csv}; while
 * there is none the attempt is DEFERRED (its slot free) and poked again 10 s later, the wait doubling
 * up to its one-hour timeout. Try: {@code ppacer trigger file_sensor}, then
 * {@code touch /tmp/ppacer-inbox/orders.csv}.
 */
final class FileSensorDag {
    static final String ID = "file_sensor";
    /** Where the sensor looks. */
    static final Path INBOX = Path.of(System.getProperty("java.io.tmpdir"), "ppacer-inbox");

    private FileSensorDag() {
    }

    static Dag dag() {
        Node wait = Node.of(Sensor.builder("wait_for_csv", new FileExists(INBOX.resolve("*.csv").toString()))
                .pokeInterval(Duration.ofSeconds(10)).exponentialBackoff(true).timeout(Duration.ofHours(1)).build());
        wait.then(Node.of(Task.of("load_csv", ctx -> {
            try (Stream<Path> files = Files.list(INBOX)) {
                long n = files.filter(p -> p.getFileName().toString().endsWith(".csv")).count();
                ctx.logger().info("Loading " + n + " CSV file(s) from " + INBOX);
                ctx.output(java.util.Map.of("files", n));
            }
        })));
        return Dag.builder(ID)
                .description("A sensor that waits for a CSV file in <tmp>/ppacer-inbox without holding an executor slot"
                        + " (deferred between pokes), then loads it (trigger only)")
                .tags(ExampleDags.TAG, "sensor")
                .root(wait)
                .build();
    }
}
