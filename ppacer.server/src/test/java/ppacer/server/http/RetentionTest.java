package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.scheduler.RetentionConfig;
import ppacer.server.InProcessWorker;
import ppacer.server.ServerConfig;
import ppacer.server.WorkerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * Retention on a real SQLite file through the real HTTP server: {@code POST /maintenance/clean} (dry
 * run and real, in batches, with bad input answered 400 and the token required), and the leader's
 * timer deleting old runs while runs are being created, never an unfinished one nor the latest N.
 */
class RetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    /** A finished (or, for RUNNING, unfinished) run of {@code dag} at logical time {@code at}, last updated 40 days ago. */
    private static long oldRun(Store store, String dag, Instant at, DagRunStatus status) {
        Instant old = Instant.now().minus(Duration.ofDays(40));
        long run = store.dagRuns().insert(new NewDagRun(dag, at, DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, old));
        assertTrue(store.dagRuns().transition(run, DagRunStatus.QUEUED, status, old));
        return run;
    }

    @Test
    void clean_over_http_counts_deletes_in_batches_and_refuses_bad_input() {
        DagRegistry registry = DagRegistry.of(Dag.builder("etl").root(Node.of(tasks.ok("a"))).build(),
                Dag.builder("other").root(Node.of(tasks.ok("a"))).build());
        try (ApiHarness api = new ApiHarness(dir, registry, ServerConfig.defaults().withToken(Optional.of("s3cret"), false),
                b -> b.retention(RetentionConfig.builder().keepLastPerDag(2).batchSize(2).pause(Duration.ZERO).build()))) {
            Store store = api.scheduler.store();
            Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
            long unfinished = oldRun(store, "etl", t0, DagRunStatus.RUNNING);
            List<Long> finished = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                finished.add(oldRun(store, "etl", t0.plus(Duration.ofDays(i)), DagRunStatus.SUCCESS));
            }
            long otherDag = oldRun(store, "other", t0, DagRunStatus.FAILED);

            assertEquals(401, api.post("/maintenance/clean", "{\"olderThan\":\"P30D\",\"dryRun\":true}").status(),
                    "mutating: the token is required");
            ApiHarness.Answer dry = api.post("/maintenance/clean", "{\"olderThan\":\"P30D\",\"dagId\":\"etl\",\"dryRun\":true}",
                    "s3cret");
            assertEquals(200, dry.status(), dry.body());
            assertTrue(dry.json().get("dryRun").asBoolean());
            assertEquals(3, dry.json().get("rows").get("runs").asLong(), dry.body());
            assertEquals(0, dry.json().get("batches").asLong());
            assertTrue(store.dagRuns().find(finished.getFirst()).isPresent(), "a dry run deletes nothing");

            ApiHarness.Answer real = api.post("/maintenance/clean", "{\"olderThan\":\"P30D\",\"dagId\":\"etl\"}", "s3cret");
            assertEquals(200, real.status(), real.body());
            assertEquals(3, real.json().get("rows").get("runs").asLong(), real.body());
            assertEquals(2, real.json().get("batches").asLong(), "batches of 2 runs: " + real.body());
            assertEquals(List.of(false, false, false, true, true), finished.stream()
                    .map(r -> store.dagRuns().find(r).isPresent()).toList(), "the latest 2 stay");
            assertTrue(store.dagRuns().find(unfinished).isPresent(), "an unfinished run stays");
            assertTrue(store.dagRuns().find(otherDag).isPresent(), "another DAG's run stays");
            String metrics = api.get("/metrics").body();
            assertTrue(metrics.contains("ppacer_retention_deleted_total{table=\"runs\"} 3"), metrics);
            assertTrue(metrics.contains("ppacer_retention_batches_total 2"), metrics);

            ApiHarness.Answer bad = api.post("/maintenance/clean", "{\"olderThan\":\"30 days\"}", "s3cret");
            assertEquals(400, bad.status(), bad.body());
            assertEquals("olderThan", bad.field());
            assertTrue(bad.error().contains("'30 days'") && bad.error().contains("P30D"), bad.body());
            assertEquals(400, api.post("/maintenance/clean", "{\"olderThan\":\"-P1D\"}", "s3cret").status());
            assertEquals(400, api.post("/maintenance/clean", "{}", "s3cret").status());
            assertEquals(400, api.post("/maintenance/clean", "{\"olderThan\":\"P1D\",\"dryRun\":\"yes\"}", "s3cret").status());
            ApiHarness.Answer unknown = api.post("/maintenance/clean", "{\"olderThan\":\"P1D\",\"dagId\":\"nope\"}", "s3cret");
            assertEquals(404, unknown.status(), unknown.body());
            assertTrue(unknown.error().contains("nope"), unknown.body());
            assertTrue(store.dagRuns().find(otherDag).isPresent(), "refused calls deleted nothing");
        }
    }

    @Test
    void the_leaders_timer_deletes_old_runs_while_runs_are_created_and_spares_unfinished_and_latest() {
        Dag ticker = Dag.builder("ticker").schedule(Schedule.every(Duration.ofMillis(200), Instant.now()))
                .root(Node.of(tasks.ok("t"))).build();
        Dag stuck = Dag.builder("stuck").root(Node.of(tasks.sleeping("wait", Duration.ofMinutes(10)))).build();
        RetentionConfig retention = RetentionConfig.builder().runs(Duration.ofSeconds(1)).logs(Duration.ofMillis(500))
                .audit(Duration.ofMillis(500)).keepLastPerDag(3).batchSize(2).pause(Duration.ofMillis(10)).interval(Duration.ofMillis(300)).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(ticker, stuck), ServerConfig.defaults(),
                b -> b.retention(retention));
             InProcessWorker _ = InProcessWorker.start(api.scheduler, WorkerConfig.defaults().withConcurrency(4))) {
            Store store = api.scheduler.store();
            ApiHarness.Answer t = api.post("/dag/run/trigger", "{\"dagId\":\"stuck\"}");
            assertEquals(200, t.status(), t.body());
            long stuckRun = t.json().get("runId").asLong();
            assertEquals(1, store.audit().list(ppacer.api.spi.AuditQuery.all(10)).size(), "the trigger's audit row");
            List<ppacer.api.AssetEvent> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                events.add(store.assets().record(new ppacer.api.spi.NewAssetEvent("orders", Instant.now(),
                        new ppacer.api.AssetEventSource.External("test", Optional.empty()), "{}", Optional.empty()),
                        Optional.empty()).event());
            }
            Await.until(WAIT, () -> api.scheduler.retentionStats().deleted().getOrDefault("runs", 0L) >= 10,
                    () -> "retention so far: " + api.scheduler.retentionStats());
            long createdBefore = newest(store);
            Await.until(WAIT, () -> newest(store) > createdBefore + 3, () -> "runs are still created after cleans");
            assertTrue(store.dagRuns().find(stuckRun).isPresent(), "the unfinished run of another DAG stays");
            List<DagRunSummary> left = store.dagRuns().recent(Optional.of("ticker"), Optional.empty(), 100_000);
            assertTrue(left.size() >= 3, "the latest 3 stay: " + left.size());
            assertTrue(left.size() < newest(store), "old ticker runs went: " + left.size() + " left");
            String metrics = api.get("/metrics").body();
            assertTrue(metrics.contains("ppacer_retention_cleans_total"), metrics);
            Await.until(WAIT, () -> store.audit().list(ppacer.api.spi.AuditQuery.all(10)).isEmpty(),
                    () -> "the audit row older than its own age goes: " + store.audit().list(ppacer.api.spi.AuditQuery.all(10)));
            Await.until(WAIT, () -> store.assets().events("orders", java.util.OptionalLong.empty(), 10).size() == 1,
                    () -> "asset events older than the runs' age go but the newest: "
                            + store.assets().events("orders", java.util.OptionalLong.empty(), 10));
            assertEquals(List.of(events.get(2)), store.assets().events("orders", java.util.OptionalLong.empty(), 10));
        }
    }

    private static long newest(Store store) {
        return store.dagRuns().recent(Optional.of("ticker"), Optional.empty(), 1).stream().mapToLong(x -> x.run().runId()).max()
                .orElse(0);
    }
}
