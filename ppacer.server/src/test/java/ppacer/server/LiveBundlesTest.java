package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.exec.bundle.BundleHash;
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.Bundles;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.ModularJars;

/**
 * A scheduler whose DAG bundles change while it runs (real SQLite file, real module layers, the in-process
 * executor): a run keeps the bundle version it started with to its end, new runs take the active one, an
 * undeployed bundle gets no new runs, a restart resumes a run on its version, and a released version's layer is
 * collectable.
 */
class LiveBundlesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DAG = "sales_daily";

    @TempDir
    Path dir;

    private Store store;
    private Scheduler scheduler;
    private InProcessWorker worker;

    @BeforeEach
    void open() {
        store = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("ppacer.db")));
    }

    @AfterEach
    void close() {
        try {
            if (worker != null) {
                worker.stop(Duration.ZERO);
            }
            if (scheduler != null) {
                scheduler.stop(Duration.ZERO);
            }
        } finally {
            store.close();
        }
    }

    /** A deployer of a process: its own loaded versions, over the shared store and content folder. */
    private BundleDeployer deployer() {
        BundleLoader loader = new BundleLoader();
        return new BundleDeployer(dir.resolve("bundles"), new Bundles(DagRegistry.of(List.of()), loader), loader,
                store.bundles(), InstantSource.system());
    }

    /** A bundle whose task waits for {@code gate-<runId>} and then writes its version to {@code out-<runId>}. */
    private byte[] version(String v) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + v));
        String d = dir.toAbsolutePath().toString().replace("\\", "\\\\");
        String body = """
                java.nio.file.Path gate = java.nio.file.Path.of("%s", "gate-" + ctx.runId());
                while (!java.nio.file.Files.exists(gate)) { Thread.sleep(10); }
                if (java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("%s", "fail-" + ctx.runId()))) {
                    throw new IllegalStateException("failed once");
                }
                java.nio.file.Files.writeString(java.nio.file.Path.of("%s", "out-" + ctx.runId()), "%s");
                """.formatted(d, d, d, v);
        return Files.readAllBytes(ModularJars.build(src.resolve("sales.jar"), ModularJars.dagBundle("sales", DAG, body),
                List.of()));
    }

    private void start(BundleDeployer deployer) {
        scheduler = Scheduler.start(SchedulerConfig.builder(new BundleCatalog(deployer)).store(store)
                .leaseGrace(Duration.ZERO).stopTimeout(Duration.ZERO).build());
        worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withConcurrency(4)
                .withPollTimeout(Duration.ofMillis(100)));
    }

    private void awaitRunning(long runId) {
        Await.until(WAIT, () -> store.attempts().latest(runId).stream().anyMatch(a -> a.status() == TaskStatus.RUNNING),
                () -> store.attempts().latest(runId).toString());
    }

    private String finish(long runId) throws Exception {
        Files.writeString(dir.resolve("gate-" + runId), "go");
        Await.until(WAIT, () -> store.dagRuns().find(runId).orElseThrow().status().isTerminal(),
                () -> store.attempts().latest(runId).toString());
        assertEquals(DagRunStatus.SUCCESS, store.dagRuns().find(runId).orElseThrow().status(),
                () -> store.attempts().latest(runId).toString());
        return Files.readString(dir.resolve("out-" + runId));
    }

    private Optional<String> hashOf(long runId) {
        return store.dagRuns().find(runId).orElseThrow().bundleHash();
    }

    @Test
    void aRunningRunFinishesOnItsVersionNewRunsTakeTheNewOneAndTheOldLayerIsReleased() throws Exception {
        BundleDeployer deployer = deployer();
        byte[] v1 = version("v1");
        byte[] v2 = version("v2");
        BundleHash h1 = BundleHash.of(v1);
        BundleHash h2 = BundleHash.of(v2);
        deployer.deploy("sales", v1, "alice");
        start(deployer);
        WeakReference<ModuleLayer> oldLayer = new WeakReference<>(deployer.bundles().version(h1).orElseThrow().layer());
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(oldLayer.get().findLoader("sales"));

        long first = scheduler.trigger(DAG, "{}");
        awaitRunning(first);
        deployer.deploy("sales", v2, "bob");
        long second = scheduler.trigger(DAG, "{}");

        assertEquals("v2", finish(second));
        assertTrue(deployer.bundles().version(h1).isPresent(), "v1 stays loaded while its run is unfinished");
        try (SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            // GET /bundles says which runs still use each version
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uri() + "/bundles"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Map<String, List<Long>> unfinished = new java.util.HashMap<>();
            for (com.fasterxml.jackson.databind.JsonNode v : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)
                    .path("versions")) {
                List<Long> ids = new java.util.ArrayList<>();
                v.path("unfinishedRunIds").forEach(id -> ids.add(id.asLong()));
                unfinished.put(v.path("hash").asText(), ids);
            }
            assertEquals(Map.of(h1.hex(), List.of(first), h2.hex(), List.of()), unfinished, body);
        }
        assertEquals("v1", finish(first));
        assertEquals(Optional.of(h1.hex()), hashOf(first));
        assertEquals(Optional.of(h2.hex()), hashOf(second));

        try (SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            HttpClient http = HttpClient.newHttpClient();
            for (long run : List.of(first, second)) {
                String body = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/dagruns/" + run)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                String expected = (run == first ? h1 : h2).hex();
                assertTrue(body.contains("\"bundleHash\":\"" + expected + "\""), body);
            }
            String list = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/dagruns")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(list.contains("\"bundleHash\":\"" + h1.hex() + "\"") && list.contains("\"bundleHash\":\"" + h2.hex()
                    + "\""), list);
        }

        Await.until(WAIT, () -> deployer.bundles().version(h1).isEmpty(), () -> deployer.bundles().loaded().toString());
        Await.until(WAIT, () -> {
            System.gc();
            return oldLayer.get() == null && oldLoader.get() == null;
        }, () -> "the module layer of v1 is still reachable after its last run ended");
    }

    @Test
    void onPostgresqlTooARunningRunFinishesOnItsVersionAndTheOldLayerIsReleased() throws Exception {
        PgTestSchema pg = PgTestSchema.create("ppacer_live_");
        store.close();
        store = Stores.open(StoreConfig.of(pg.url()));
        try {
            aRunningRunFinishesOnItsVersionNewRunsTakeTheNewOneAndTheOldLayerIsReleased();
        } finally {
            worker.stop(Duration.ZERO);
            scheduler.stop(Duration.ZERO);
            worker = null;
            scheduler = null;
            pg.close();
        }
    }

    @Test
    void aRestartOfAFailedRunOfAnOlderVersionRunsOnThatVersion() throws Exception {
        BundleDeployer deployer = deployer();
        byte[] v1 = version("v1");
        deployer.deploy("sales", v1, "alice");
        start(deployer);
        long run = scheduler.trigger(DAG, "{}");
        Files.writeString(dir.resolve("fail-" + run), "once");
        Files.writeString(dir.resolve("gate-" + run), "go");
        Await.until(WAIT, () -> store.dagRuns().find(run).orElseThrow().status() == DagRunStatus.FAILED,
                () -> store.attempts().latest(run).toString());
        deployer.deploy("sales", version("v2"), "bob");
        Await.until(WAIT, () -> deployer.bundles().version(BundleHash.of(v1)).isEmpty(),
                () -> "v1 is released once its last run ended: " + deployer.bundles().loaded());

        scheduler.restart(run); // loads v1 again from the bundle store

        assertEquals("v1", finish(run));
        assertEquals(Optional.of(BundleHash.of(v1).hex()), hashOf(run));
    }

    @Test
    void anUndeployedBundleGetsNoNewRunsAndItsRunningRunFinishes() throws Exception {
        BundleDeployer deployer = deployer();
        deployer.deploy("sales", version("v1"), "alice");
        start(deployer);
        long run = scheduler.trigger(DAG, "{}");
        awaitRunning(run);

        deployer.undeploy("sales");

        assertTrue(scheduler.registry().find(DAG).isEmpty(), "the DAG left the scheduler's DAGs");
        assertTrue(store.dags().find(DAG).map(d -> !d.active()).orElse(false), "the store marks the DAG inactive");
        try {
            scheduler.trigger(DAG, "{}");
            throw new AssertionError("a trigger of an undeployed DAG was accepted");
        } catch (ppacer.scheduler.model.UnknownIdException expected) {
            assertTrue(expected.getMessage().contains(DAG), expected.getMessage());
        }
        assertEquals("v1", finish(run));
        assertEquals(1, store.dagRuns().recent(Optional.of(DAG), Optional.empty(), 10).size());
    }

    @Test
    void aRestartResumesARunOnTheVersionItStartedWithWhileANewerOneIsActive() throws Exception {
        BundleDeployer deployer = deployer();
        byte[] v1 = version("v1");
        byte[] v2 = version("v2");
        deployer.deploy("sales", v1, "alice");
        start(deployer);
        long run = scheduler.trigger(DAG, "{}");
        awaitRunning(run);
        deployer.deploy("sales", v2, "bob");
        Crash.abort(scheduler);
        worker.stop(Duration.ZERO);

        BundleDeployer restarted = deployer(); // a new process: it serves what the store says is active (v2)
        restarted.restore();
        assertEquals(List.of(BundleHash.of(v2)), restarted.bundles().active().stream().map(b -> b.hash()).toList());
        start(restarted);

        assertTrue(restarted.bundles().version(BundleHash.of(v1)).isPresent(), "v1 loaded again for its run");
        assertEquals("v1", finish(run));
        long next = scheduler.trigger(DAG, "{}");
        assertEquals("v2", finish(next));
        Await.until(WAIT, () -> restarted.bundles().version(BundleHash.of(v1)).isEmpty(),
                () -> restarted.bundles().loaded().toString());
    }
}
