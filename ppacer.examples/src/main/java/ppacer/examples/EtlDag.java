package ppacer.examples;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.OverlapPolicy;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;
import ppacer.api.schedule.Schedule;

/**
 * {@code etl}: a fan-out/fan-in pipeline every 5 minutes (UTC), the shape of most data jobs:
 * <pre>
 *          ┌─ clean_a ─┐
 * extract ─┼─ clean_b ─┼─ load ── report
 *          └─ clean_c ─┘
 * </pre>
 * {@code load}, the step that talks to a (pretend) warehouse, is retried 3 times with exponential
 * backoff: 2 s, 4 s, 8 s, ±20 % jitter. Each step passes its row count to the next as its output
 * ({@link ppacer.api.TaskContext#output}); load sums its cleaners'. A run that overruns its 5 minutes
 * (load retrying, say) makes the next point skip rather than queue up behind it: overlap policy
 * {@link OverlapPolicy#SKIP}, recorded as an {@code OVERLAP_SKIPPED} schedule event.
 */
final class EtlDag {
    static final String ID = "etl";

    private EtlDag() {
    }

    static Dag dag() {
        Node extract = Node.of(new EtlStep("extract", "Extracting orders from the source", Duration.ofMillis(20), List.of()));
        Node load = Node.of(new EtlStep("load", "Loading cleaned rows into the warehouse", Duration.ofMillis(15),
                List.of("clean_a", "clean_b", "clean_c")),
                TaskConfig.builder()
                        .retries(3)
                        .retryDelay(RetryDelay.exponential(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1), 0.2))
                        .alertOnRetry(true)
                        .build());
        extract.then(
                        Node.of(new EtlStep("clean_a", "Cleaning partition A", Duration.ofMillis(10), List.of("extract"))),
                        Node.of(new EtlStep("clean_b", "Cleaning partition B", Duration.ofMillis(12), List.of("extract"))),
                        Node.of(new EtlStep("clean_c", "Cleaning partition C", Duration.ofMillis(8), List.of("extract"))))
                .then(load)
                .then(Node.of(new EtlStep("report", "Writing the daily report", Duration.ofMillis(5), List.of("load"))));
        return Dag.builder(ID)
                .description("ETL-style fan-out/fan-in every 5 minutes (UTC): extract, clean three partitions in"
                        + " parallel, load with exponential-backoff retries, report")
                .tags(ExampleDags.TAG, "etl")
                .schedule(Schedule.cron("*/5 * * * *", ZoneOffset.UTC).startingAt(ExampleDags.START))
                .catchUp(false)
                .maxActiveRuns(1)
                .overlap(OverlapPolicy.SKIP)
                .root(extract)
                .build();
    }
}
