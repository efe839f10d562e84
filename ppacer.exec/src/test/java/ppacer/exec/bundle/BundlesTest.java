package ppacer.exec.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.testkit.Await;
import ppacer.testkit.ModularJars;
import ppacer.testkit.Tasks;

/** The set of bundles served: versions, pins, clashes, and the release of an old layer. */
class BundlesTest {
    @TempDir
    Path dir;

    private final Bundles bundles = new Bundles(DagRegistry.of(Dag.builder("builtin").root(Node.of(new Tasks().ok("t"))).build()),
            new BundleLoader());

    private Path jar(String file, String module, String dagId, String body) throws Exception {
        Files.createDirectories(dir.resolve(file).getParent());
        return ModularJars.build(dir.resolve(file), ModularJars.dagBundle(module, dagId, body), List.of());
    }

    @Test
    void aNewVersionServesNewRunsWhileAPinnedOneStaysLoaded() throws Exception {
        LoadedBundle v1 = bundles.deploy("sales", jar("v1/sales.jar", "sales", "sales_daily", "int v = 1;"));
        bundles.pin(v1.hash());
        LoadedBundle v2 = bundles.deploy("sales", jar("v2/sales.jar", "sales", "sales_daily", "int v = 2;"));

        assertNotEquals(v1.hash(), v2.hash());
        assertSame(v2, bundles.activeFor("sales_daily").orElseThrow());
        assertSame(v1.dags().find("sales_daily").orElseThrow(), bundles.dag("sales_daily", Optional.of(v1.hash())).orElseThrow());
        assertSame(v2.dags().find("sales_daily").orElseThrow(), bundles.dag("sales_daily", Optional.of(v2.hash())).orElseThrow());
        assertEquals(2, bundles.loaded().size());

        bundles.unpin(v1.hash());

        assertEquals(List.of(v2), bundles.loaded());
        assertTrue(bundles.dag("sales_daily", Optional.of(v1.hash())).isEmpty());
        assertEquals(List.of("builtin", "sales_daily"), bundles.current().dags().stream().map(Dag::id).toList());
        assertEquals(Optional.of(v2.hash().hex()), bundles.current().bundleHash("sales_daily"), "new runs record v2");
        assertEquals(Optional.empty(), bundles.current().bundleHash("builtin"));
        assertThrows(ppacer.api.DagDefinitionException.class,
                () -> bundles.current().withBundleHashes(java.util.Map.of("nope", v2.hash().hex())));
    }

    @Test
    void deployingTheActiveVersionAgainChangesNothing() throws Exception {
        Path jar = jar("same.jar", "same", "same_dag", "");
        LoadedBundle first = bundles.deploy("same", jar);

        assertSame(first, bundles.deploy("same", jar));
        assertEquals(1, bundles.loaded().size());
    }

    @Test
    void aDagIdOfAnotherBundleOrOfTheImageIsRefusedAndThePreviousVersionKeepsServing() throws Exception {
        LoadedBundle a = bundles.deploy("a", jar("a.jar", "a", "shared_id", ""));
        LoadedBundle b1 = bundles.deploy("b", jar("b1/b.jar", "b", "b_dag", ""));
        Path clash = jar("b2/b.jar", "b", "shared_id", "");
        Path builtin = jar("b3/b.jar", "b", "builtin", "");

        BundleException e = assertThrows(BundleException.class, () -> bundles.deploy("b", clash));
        assertTrue(e.getMessage().contains(clash.toString()) && e.getMessage().contains("'shared_id'")
                && e.getMessage().contains("bundle 'a'"), e.getMessage());
        BundleException e2 = assertThrows(BundleException.class, () -> bundles.deploy("b", builtin));
        assertTrue(e2.getMessage().contains(builtin.toString()) && e2.getMessage().contains("built-in"), e2.getMessage());

        assertEquals(List.of(a, b1), bundles.active());
        assertEquals(2, bundles.loaded().size());
    }

    @Test
    void undeployRetiresTheDagsButAPinnedVersionServesItsRunUntilUnpinned() throws Exception {
        LoadedBundle v = bundles.deploy("gone", jar("gone.jar", "gone", "gone_dag", ""));
        bundles.pin(v.hash());

        assertSame(v, bundles.undeploy("gone").orElseThrow());

        assertTrue(bundles.activeFor("gone_dag").isEmpty());
        assertEquals(List.of("builtin"), bundles.current().dags().stream().map(Dag::id).toList());
        assertTrue(bundles.dag("gone_dag", Optional.of(v.hash())).isPresent());
        bundles.unpin(v.hash());
        assertTrue(bundles.loaded().isEmpty());
    }

    @Test
    void aRollBackToAVersionStillPinnedServesItsExistingLayer() throws Exception {
        Path v1 = jar("r1/roll.jar", "roll", "roll_dag", "int v = 1;");
        LoadedBundle first = bundles.deploy("roll", v1);
        bundles.pin(first.hash());
        bundles.deploy("roll", jar("r2/roll.jar", "roll", "roll_dag", "int v = 2;"));

        LoadedBundle back = bundles.deploy("roll", v1);

        assertSame(first, back, "one layer per version");
        assertSame(first, bundles.activeFor("roll_dag").orElseThrow());
        assertEquals(1, bundles.loaded().size(), "v2 released");
        bundles.unpin(first.hash());
        assertEquals(List.of(first), bundles.loaded(), "still active");
    }

    @Test
    void aReleasedVersionsLayerIsCollectable() throws Exception {
        Path v1 = jar("v1/leak.jar", "leak", "leak_dag", "");
        Path v2 = jar("v2/leak.jar", "leak", "leak_dag", "int changed = 2;");
        WeakReference<ClassLoader> loader = deployPinAndReplace(v1, v2);

        Await.until(Duration.ofMinutes(2), () -> {
            System.gc();
            return loader.get() == null;
        }, () -> "the class loader of the released version is still reachable");
    }

    private WeakReference<ClassLoader> deployPinAndReplace(Path v1, Path v2) {
        LoadedBundle old = bundles.deploy("leak", v1);
        bundles.pin(old.hash());
        bundles.deploy("leak", v2);
        bundles.unpin(old.hash());
        return new WeakReference<>(old.layer().findLoader("leak"));
    }
}
