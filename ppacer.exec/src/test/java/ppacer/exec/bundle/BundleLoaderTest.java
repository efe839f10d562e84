package ppacer.exec.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.testkit.ModularJars;

/** Loads real modular jars, compiled in the test, into their own layers; and refuses bad ones. */
class BundleLoaderTest {
    @TempDir
    Path dir;

    private final BundleLoader loader = new BundleLoader();

    private Path jar(String name, Map<String, String> sources, Path... modulePath) {
        return ModularJars.build(dir.resolve(name), sources, List.of(modulePath));
    }

    @Test
    void loadsABundleInItsOwnLayerIdentifiedByItsContentHash() throws Exception {
        Path jar = jar("hello-dags.jar", ModularJars.dagBundle("hello.dags", "hello", ""));

        LoadedBundle b = loader.load(jar);

        assertEquals("hello-dags", b.name());
        assertEquals(List.of("hello"), b.dagIds());
        assertEquals(BundleHash.of(Files.readAllBytes(jar)), b.hash());
        assertEquals(List.of(ModuleLayer.boot()), b.layer().parents());
        Dag dag = b.dags().find("hello").orElseThrow();
        Module module = dag.tasks().getFirst().task().getClass().getModule();
        assertSame(b.layer(), module.getLayer());
        assertEquals("hello.dags", module.getName());
        assertNotSame(loader.load(jar).layer(), b.layer(), "each load is a new layer");
    }

    @Test
    void refusesANonModularJar() {
        Map<String, String> sources = Map.of("plain/Dags.java", "package plain; public class Dags {}");
        Path jar = jar("plain.jar", sources);

        BundleException e = assertThrows(BundleException.class, () -> loader.load(jar));

        assertRefused(e, jar, "it is not modular");
    }

    @Test
    void refusesAModuleWithoutDagSource() {
        Path jar = jar("empty.jar", Map.of("module-info.java", "module empty.dags { requires ppacer.api; }",
                "empty/dags/Nothing.java", "package empty.dags; public class Nothing {}"));

        BundleException e = assertThrows(BundleException.class, () -> loader.load(jar));

        assertRefused(e, jar, "provides no ppacer.api.DagSource");
    }

    @Test
    void refusesADagWithACycle() {
        String source = """
                package cyc;
                import java.util.List;
                import ppacer.api.*;
                public final class Dags implements DagSource {
                    public Dags() {}
                    record T(String id) implements Task { public void execute(TaskContext c) {} }
                    public List<Dag> dags() {
                        Node a = Node.of(new T("a"));
                        Node b = Node.of(new T("b"));
                        a.then(b);
                        b.then(a);
                        return List.of(Dag.builder("cyclic").root(a).build());
                    }
                }
                """;
        Path jar = jar("cyc.jar", Map.of("module-info.java",
                "module cyc { requires ppacer.api; provides ppacer.api.DagSource with cyc.Dags; }", "cyc/Dags.java", source));

        BundleException e = assertThrows(BundleException.class, () -> loader.load(jar));

        assertRefused(e, jar, "its DAGs are invalid");
        assertTrue(e.getMessage().contains("cycl"), e.getMessage());
    }

    @Test
    void refusesAMissingDependency() {
        Path lib = jar("lib.jar", Map.of("module-info.java", "module some.lib { exports some.lib; }",
                "some/lib/Lib.java", "package some.lib; public class Lib { public static String v() { return \"1\"; } }"));
        Map<String, String> sources = Map.of("module-info.java",
                "module needy { requires ppacer.api; requires some.lib; provides ppacer.api.DagSource with needy.Dags; }",
                "needy/Dags.java", "package needy; public final class Dags implements ppacer.api.DagSource {"
                        + " public java.util.List<ppacer.api.Dag> dags() { return java.util.List.of(); } }");
        Path jar = jar("needy.jar", sources, lib);

        BundleException e = assertThrows(BundleException.class, () -> loader.load(jar));

        assertRefused(e, jar, "a dependency is missing");
        assertTrue(e.getMessage().contains("some.lib"), e.getMessage());
    }

    @Test
    void refusesARequiresOfTheImagesInternals() {
        Map<String, String> sources = ModularJars.dagBundle("sneaky", "sneaky", "");
        Map<String, String> withRequires = new java.util.HashMap<>(sources);
        withRequires.put("module-info.java",
                "module sneaky { requires ppacer.api; requires ppacer.exec; provides ppacer.api.DagSource with sneaky.Dags; }");
        Path jar = jar("sneaky.jar", withRequires, ModularJars.location(BundleLoader.class));

        BundleException e = assertThrows(BundleException.class, () -> loader.load(jar));

        assertRefused(e, jar, "requires 'ppacer.exec', which bundles cannot see");
    }

    @Test
    void aBundlesClassCannotReachTheImagesInternalsByReflection() {
        String source = """
                package probe;
                import java.util.List;
                import ppacer.api.*;
                public final class Dags implements DagSource {
                    public Dags() {}
                    record T(String id) implements Task { public void execute(TaskContext c) {} }
                    public List<Dag> dags() {
                        return List.of(Dag.builder(reach("ppacer.exec.wire.WireJson") + "_"
                                + reach("ppacer.exec.AttemptRun")).root(Node.of(new T("t"))).build());
                    }
                    private static String reach(String name) {
                        try {
                            Class<?> c = Class.forName(name, false, Dag.class.getClassLoader());
                            c.getDeclaredConstructors()[0].setAccessible(true);
                            return "reached";
                        } catch (ClassNotFoundException | RuntimeException e) {
                            return e instanceof java.lang.reflect.InaccessibleObjectException ? "inaccessible" : "notfound";
                        }
                    }
                }
                """;
        Path jar = jar("probe.jar", Map.of("module-info.java",
                "module probe { requires ppacer.api; provides ppacer.api.DagSource with probe.Dags; }", "probe/Dags.java", source));

        LoadedBundle b = loader.load(jar);

        assertEquals(List.of("inaccessible_inaccessible"), b.dagIds(),
                "a package exported only to the server and a package-private class stay closed to the bundle");
    }

    @Test
    void twoBundlesUseDifferentVersionsOfTheSameLibrary() throws Exception {
        Path a = bundleWithLib("a", "1");
        Path b = bundleWithLib("b", "2");

        LoadedBundle first = loader.load(a);
        LoadedBundle second = loader.load(b);

        assertEquals(List.of("a_v1"), first.dagIds());
        assertEquals(List.of("b_v2"), second.dagIds());
        assertEquals("a", first.name());
        assertEquals(BundleHash.of(a), first.hash());
    }

    private Path bundleWithLib(String name, String version) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path lib = ModularJars.build(folder.resolve("shared-lib-" + version + ".jar"), Map.of(
                "module-info.java", "module shared.lib { exports shared.lib; }",
                "shared/lib/Version.java", "package shared.lib; public class Version { public static String value() { return \""
                        + version + "\"; } }"), List.of());
        String module = "uses" + name;
        ModularJars.build(folder.resolve(name + "-dags.jar"), Map.of(
                "module-info.java", "module " + module + " { requires ppacer.api; requires shared.lib; provides ppacer.api.DagSource with "
                        + module + ".Dags; }",
                module + "/Dags.java", """
                        package %s;
                        import java.util.List;
                        import ppacer.api.*;
                        public final class Dags implements DagSource {
                            public Dags() {}
                            record T(String id) implements Task { public void execute(TaskContext c) {} }
                            public List<Dag> dags() {
                                return List.of(Dag.builder("%s_v" + shared.lib.Version.value()).root(Node.of(new T("t"))).build());
                            }
                        }
                        """.formatted(module, name)), List.of(lib));
        return folder;
    }

    private static void assertRefused(BundleException e, Path jar, String cause) {
        assertTrue(e.getMessage().contains(jar.toString()), "names the jar: " + e.getMessage());
        assertTrue(e.getMessage().contains(cause), "names the cause '" + cause + "': " + e.getMessage());
    }
}
