package ppacer.exec.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRegistry;
import ppacer.api.spi.BundleVersionRecord;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.testkit.Await;
import ppacer.testkit.ModularJars;

/** Deploys into a real SQLite store and content folder: versions, refusals, crash windows, the DAG folder. */
class BundleDeployerTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private Store store;
    private Path content;

    @BeforeEach
    void open() {
        store = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("ppacer.db")));
        content = dir.resolve("bundles");
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private BundleDeployer deployer() {
        BundleLoader loader = new BundleLoader();
        return new BundleDeployer(content, new Bundles(DagRegistry.of(List.of()), loader), loader, store.bundles(), CLOCK);
    }

    private byte[] jar(String file, String module, String dagId, String body) throws Exception {
        Path p = dir.resolve("src-" + file);
        Files.createDirectories(p);
        return Files.readAllBytes(ModularJars.build(p.resolve(file), ModularJars.dagBundle(module, dagId, body), List.of()));
    }

    @Test
    void eachChangedUploadIsTheNextVersionAndARestartServesTheActiveOne() throws Exception {
        BundleDeployer d = deployer();
        byte[] v1 = jar("v1.jar", "sales", "sales_daily", "int v = 1;");
        byte[] v2 = jar("v2.jar", "sales", "sales_daily", "int v = 2;");

        BundleDeployer.Deployed first = d.deploy("sales", v1, "alice");
        BundleDeployer.Deployed second = d.deploy("sales", v2, "bob");

        assertEquals(new BundleVersionRecord("sales", 1, BundleHash.of(v1).hex(), CLOCK.instant(), "alice",
                List.of("sales_daily"), false), store.bundles().list().getFirst());
        assertEquals(2, second.row().version());
        assertEquals(BundleHash.of(v2), d.bundles().activeFor("sales_daily").orElseThrow().hash());
        assertTrue(d.jar(first.bundle().hash()).isPresent(), "the old jar stays for runs and executors");

        List<LoadedBundle> restored = deployer().restore();
        assertEquals(List.of(BundleHash.of(v2)), restored.stream().map(LoadedBundle::hash).toList());
    }

    /** Whoever hears of a new version (the scheduler, to plan its runs) finds it recorded as active already. */
    @Test
    void theStoreRecordsAVersionBeforeAnyoneHearsOfIt() throws Exception {
        BundleDeployer d = deployer();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        d.bundles().onChange(() -> d.bundles().active().forEach(b -> seen.add(b.hash().hex() + " stored active: "
                + store.bundles().active().stream().anyMatch(r -> r.hash().equals(b.hash().hex())))));
        byte[] v1 = jar("v1.jar", "sales", "sales_daily", "int v = 1;");
        byte[] v2 = jar("v2.jar", "sales", "sales_daily", "int v = 2;");
        d.deploy("sales", v1, "alice");
        d.deploy("sales", v2, "alice");
        assertEquals(List.of(BundleHash.of(v1).hex() + " stored active: true", BundleHash.of(v2).hex() + " stored active: true"),
                seen);
    }

    @Test
    void aRefusedUploadChangesNothingStoredAndThePreviousVersionKeepsServing() throws Exception {
        BundleDeployer d = deployer();
        byte[] good = jar("good.jar", "good", "good_dag", "");
        d.deploy("good", good, "api");
        byte[] noSource = Files.readAllBytes(ModularJars.build(Files.createDirectories(dir.resolve("bad")).resolve("bad.jar"),
                Map.of("module-info.java", "module bad { requires ppacer.api; }", "bad/X.java", "package bad; class X {}"),
                List.of()));
        byte[] clash = jar("clash.jar", "clash", "good_dag", "");
        List<BundleVersionRecord> before = store.bundles().list();

        BundleException e1 = assertThrows(BundleException.class, () -> d.deploy("good", noSource, "api"));
        BundleException e2 = assertThrows(BundleException.class, () -> d.deploy("clash", clash, "api"));
        BundleException e3 = assertThrows(BundleException.class, () -> d.deploy("bad name!", good, "api"));

        assertTrue(e1.getMessage().contains("provides no ppacer.api.DagSource"), e1.getMessage());
        assertTrue(e2.getMessage().contains("already provided by bundle 'good'"), e2.getMessage());
        assertTrue(e3.getMessage().contains("'bad name!'"), e3.getMessage());
        assertEquals(before, store.bundles().list());
        assertEquals(BundleHash.of(good), d.bundles().activeFor("good_dag").orElseThrow().hash());
        assertEquals(List.of(BundleHash.of(good).hex() + ".jar"), files(content));
    }

    /**
     * The two windows a kill -9 can hit: before the rename (a temporary file) and after it but before
     * the store row (an unrecorded jar). Either way the restart serves the old version and removes
     * the temporary file.
     */
    @Test
    void aCrashDuringADeployLeavesTheOldVersionActive() throws Exception {
        BundleDeployer d = deployer();
        byte[] v1 = jar("v1.jar", "crashy", "crashy_dag", "int v = 1;");
        byte[] v2 = jar("v2.jar", "crashy", "crashy_dag", "int v = 2;");
        d.deploy("crashy", v1, "api");
        Files.write(content.resolve("." + BundleHash.of(v2).hex() + ".jar12345.tmp"), java.util.Arrays.copyOf(v2, v2.length / 2));
        Files.write(content.resolve(BundleHash.of(v2).hex() + ".jar"), v2);

        List<LoadedBundle> restored = deployer().restore();

        assertEquals(List.of(BundleHash.of(v1)), restored.stream().map(LoadedBundle::hash).toList());
        assertFalse(files(content).stream().anyMatch(f -> f.endsWith(".tmp")), files(content).toString());
        assertEquals(1, store.bundles().active().size());
    }

    @Test
    void theDagFolderDeploysNewAndChangedJarsAndRetiresRemovedOnes() throws Exception {
        Path dags = Files.createDirectories(dir.resolve("dags"));
        BundleDeployer d = deployer();
        Files.write(dags.resolve("hello.jar"), jar("h1.jar", "hello", "hello_dag", "int v = 1;"));
        Files.write(dags.resolve("broken.jar"), new byte[] {1, 2, 3});
        try (DagsFolder folder = new DagsFolder(dags, d, Duration.ofMillis(200))) {
            Map<String, String> refused = folder.start();
            assertEquals(List.of("broken"), List.copyOf(refused.keySet()));
            assertTrue(refused.get("broken").contains(dags.resolve("broken.jar").toString()), refused.toString());
            BundleHash v1 = d.bundles().activeFor("hello_dag").orElseThrow().hash();

            byte[] v2 = jar("h2.jar", "hello", "hello_dag", "int v = 2;");
            BundleDeployer.writeAtomically(dags.resolve("hello.jar"), v2);
            // the store records v2 first, then it is served: wait for both
            Await.until(Duration.ofMinutes(1), () -> store.bundles().list().size() == 2
                            && d.bundles().activeFor("hello_dag").orElseThrow().hash().equals(BundleHash.of(v2)),
                    () -> "v2 not recorded and served: " + store.bundles().list() + ", " + d.bundles().active());
            assertEquals(List.of(1, 2), store.bundles().list().stream().map(BundleVersionRecord::version).toList());
            assertEquals(DagsFolder.DEPLOYED_BY, store.bundles().list().getLast().deployedBy());
            assertEquals(v1.hex(), store.bundles().list().getFirst().hash());

            Files.delete(dags.resolve("hello.jar"));
            Await.until(Duration.ofMinutes(1), () -> d.bundles().activeFor("hello_dag").isEmpty(),
                    () -> "hello still active: " + d.bundles().active());
            assertEquals(List.of(), store.bundles().active(), "the store is retired first");
        }
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
