package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.cli.node.NodeConfig;
import ppacer.cli.settings.SettingsException;
import ppacer.cli.settings.SettingsLoader;
import ppacer.scheduler.RetentionConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer db clean} against a real server and SQLite file, and the {@code retention} section of {@code ppacer.yaml}. */
class DbCleanCommandTest {
    @TempDir
    Path dir;

    private static long oldFinishedRun(Store store, Instant logical) {
        Instant old = Instant.now().minus(Duration.ofDays(40));
        long run = store.dagRuns().insert(new NewDagRun("etl", logical, DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, old));
        assertTrue(store.dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, old));
        return run;
    }

    @Test
    void dry_run_then_clean_and_a_bad_age_is_a_usage_error() {
        Dag etl = Dag.builder("etl").root(Node.of(Task.of("a", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(etl))
                .storeUrl("jdbc:sqlite:" + dir.resolve("c.db")).stopTimeout(Duration.ofSeconds(2))
                .retention(RetentionConfig.builder().keepLastPerDag(1).build()).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String url = server.uri().toString();
            Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
            long first = oldFinishedRun(scheduler.store(), t0);
            long second = oldFinishedRun(scheduler.store(), t0.plusSeconds(60));
            long latest = oldFinishedRun(scheduler.store(), t0.plusSeconds(120));

            Console dry = new Console(Map.of(), dir);
            assertEquals(0, dry.execute("db", "clean", "--older-than", "P30D", "--dag", "etl", "--dry-run",
                    "--scheduler", url), dry.err());
            assertTrue(dry.out().startsWith("Would delete (older than PT720H, DAG etl):"), dry.out());
            assertTrue(dry.out().lines().anyMatch(l -> l.matches("runs +2")), dry.out());
            assertTrue(scheduler.store().dagRuns().find(first).isPresent(), "a dry run deletes nothing");

            Console real = new Console(Map.of(), dir);
            assertEquals(0, real.execute("db", "clean", "--older-than", "P30D", "--scheduler", url), real.err());
            assertTrue(real.out().startsWith("Deleted (older than PT720H):"), real.out());
            assertTrue(real.out().lines().anyMatch(l -> l.matches("runs +2")), real.out());
            assertEquals(List.of(false, false, true), List.of(first, second, latest).stream()
                    .map(r -> scheduler.store().dagRuns().find(r).isPresent()).toList());

            for (String bad : List.of("30d", "P-1D", "soon")) {
                Console b = new Console(Map.of(), dir);
                assertEquals(2, b.execute("db", "clean", "--older-than", bad, "--scheduler", url), b.out());
                assertEquals(1, b.err().lines().count(), b.err());
                assertTrue(b.err().startsWith("ppacer db clean: --older-than must be a positive ISO-8601 duration")
                        && b.err().contains("'" + bad + "'"), b.err());
            }
            Console missing = new Console(Map.of(), dir);
            assertEquals(2, missing.execute("db", "clean", "--scheduler", url));
            assertTrue(missing.err().contains("--older-than"), missing.err());
        }
    }

    @Test
    void the_yaml_retention_section_reaches_the_scheduler_and_a_bad_entry_names_its_key() throws Exception {
        Files.writeString(dir.resolve("ppacer.yaml"), "retention:\n  runs: P90D\n  logs: P30D\n  keep-last-per-dag: 10\n"
                + "  batch-size: 200\n  pause: PT0.5S\n  interval: PT30M\n");
        RetentionConfig r = NodeConfig.of(SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir),
                DagRegistry.of(List.of()), false).scheduler().retention();
        assertEquals(Duration.ofDays(90), r.purger("runs").orElseThrow().maxAge());
        assertEquals(Duration.ofDays(30), r.purger("logs").orElseThrow().maxAge());
        assertEquals(Duration.ofDays(90), r.purger("assets").orElseThrow().maxAge(), "asset events: the runs' age");
        assertEquals(10, r.keepLastPerDag());
        assertEquals(200, r.batchSize());
        assertEquals(Duration.ofMillis(500), r.pause());
        assertEquals(Duration.ofMinutes(30), r.interval());

        Files.writeString(dir.resolve("ppacer.yaml"), "retention:\n  assets: P7D\n");
        assertEquals(Duration.ofDays(7), NodeConfig.of(SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir),
                DagRegistry.of(List.of()), false).scheduler().retention().purger("assets").orElseThrow().maxAge());

        Files.writeString(dir.resolve("ppacer.yaml"), "pools:\n  a: 1\n");
        assertTrue(!NodeConfig.of(SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir), DagRegistry.of(List.of()),
                false).scheduler().retention().enabled(), "off without the section");

        for (List<String> bad : List.of(List.of("runs: 90 days", "retention.runs", "'90 days'"),
                List.of("assets: soon", "retention.assets", "'soon'"),
                List.of("keep-last-per-dag: many", "retention.keep-last-per-dag", "'many'"),
                List.of("keep-last-per-dag: -1", "keep-last-per-dag", "-1"),
                List.of("forever: true", "Unknown keys [forever] under retention", "known keys"))) {
            Files.writeString(dir.resolve("ppacer.yaml"), "retention:\n  " + bad.get(0) + "\n");
            SettingsException e = assertThrows(SettingsException.class, () -> NodeConfig.of(SettingsLoader.load(Map.of(),
                    Optional.empty(), Map.of(), dir), DagRegistry.of(List.of()), false), bad.get(0));
            assertTrue(e.getMessage().contains(bad.get(1)) && e.getMessage().contains(bad.get(2))
                    && e.getMessage().contains("ppacer.yaml"), e.getMessage());
        }
    }
}
