package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.BundleVersionRecord;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.testkit.ModularJars;

/**
 * {@code ppacer run --dags DIR}: a bundle jar compiled in the test serves its DAG (run by the
 * in-process executor), a bad jar is reported with its cause and left out, and the version is
 * recorded in the store.
 */
class DagFolderTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void a_bundle_in_the_dag_folder_is_served_and_recorded_and_a_bad_one_reported() throws Exception {
        Path dags = Files.createDirectories(dir.resolve("dags"));
        Path marker = dir.resolve("ran.txt");
        Path src = Files.createDirectories(dir.resolve("src"));
        Path jar = ModularJars.build(src.resolve("bundled.jar"), ModularJars.dagBundle("bundled.dags", "bundled",
                "java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(\"ppacer.test.marker\")),"
                        + " \"from the bundle\");"), List.of());
        Files.copy(jar, dags.resolve("bundled.jar"));
        Files.write(dags.resolve("broken.jar"), new byte[] {1, 2, 3});
        System.setProperty("ppacer.test.marker", marker.toString());
        Path db = dir.resolve("ppacer.db");

        Console c = new Console(Map.of(), dir);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.execute("run", "--port", "0", "--db",
                "jdbc:sqlite:" + db, "--dags", "dags"));
        URI uri = c.awaitServing(Duration.ofSeconds(120));
        try {
            assertTrue(c.out().contains("bundled"), c.out());
            assertTrue(c.err().contains("Bundle " + dags.resolve("broken.jar") + " refused"), c.err());
            Console trigger = new Console(Map.of(), dir);
            assertEquals(0, trigger.execute("trigger", "bundled", "--wait", "--scheduler", uri.toString()),
                    trigger.out() + trigger.err());
            assertEquals("from the bundle", Files.readString(marker));
        } finally {
            c.stop();
        }
        assertEquals(0, exit.get(120, TimeUnit.SECONDS), c.err());
        try (Store store = Stores.open(StoreConfig.of("jdbc:sqlite:" + db))) {
            List<BundleVersionRecord> rows = store.bundles().list();
            assertEquals(1, rows.size(), rows.toString());
            assertEquals("bundled", rows.getFirst().bundle());
            assertEquals(List.of("bundled"), rows.getFirst().dagIds());
            assertEquals("dags-dir", rows.getFirst().deployedBy());
            assertEquals(Optional.of(rows.getFirst().hash()), store.dagRuns().latest("bundled").orElseThrow().bundleHash(),
                    "the run records the version it started with");
        }
    }
}
