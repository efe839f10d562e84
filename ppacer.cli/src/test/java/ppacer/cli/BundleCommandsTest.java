package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.exec.bundle.BundleHash;
import ppacer.testkit.ModularJars;

/**
 * {@code ppacer deploy}, {@code ppacer bundles} and {@code ppacer undeploy} against {@code ppacer run}:
 * a jar is deployed (its name from the file), listed (table and JSON), retired; bad input (no file,
 * not a jar, not modular, a bundle the scheduler refuses, an unknown bundle) exits 2 with one clear
 * line, the scheduler's reason included.
 */
class BundleCommandsTest {
    @TempDir
    Path dir;

    private Console run(String... args) {
        Console c = new Console(Map.of(), dir);
        c.execute(args);
        return c;
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void deploys_lists_and_undeploys_and_refuses_bad_input_with_exit_2() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path jar = ModularJars.build(src.resolve("my-dags.jar"), ModularJars.dagBundle("my.dags", "my_bundled_report", ""),
                List.of());
        Path empty = ModularJars.build(Files.createDirectories(dir.resolve("src-empty")).resolve("empty.jar"),
                Map.of("module-info.java", "module empty.dags { requires ppacer.api; }",
                        "empty/dags/Nothing.java", "package empty.dags; public class Nothing {}"), List.of());
        Path plain = ModularJars.build(Files.createDirectories(dir.resolve("src-plain")).resolve("plain.jar"),
                Map.of("plain/Dags.java", "package plain; public class Dags {}"), List.of());
        Files.writeString(dir.resolve("notes.jar"), "not a zip");
        Path db = dir.resolve("ppacer.db");

        Console node = new Console(Map.of(), dir);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> node.execute("scheduler", "--port", "0",
                "--db", "jdbc:sqlite:" + db));
        URI uri = node.awaitServing(Duration.ofSeconds(120));
        String s = uri.toString();
        try {
            Console deploy = run("deploy", jar.toString(), "--scheduler", s);
            assertEquals("", deploy.err());
            assertTrue(deploy.out().matches("(?s)Deployed bundle my-dags version 1 \\(" + BundleHash.of(jar).shortHex()
                    + "\\), DAGs \\[my_bundled_report], in \\d+ ms\\n"), deploy.out());
            Console named = run("deploy", jar.toString(), "--name", "renamed", "--scheduler", s);
            assertTrue(named.err().contains("DAG id 'my_bundled_report' is already provided by bundle 'my-dags'"),
                    "the same DAG under another name is refused: " + named.err());

            Console list = run("bundles", "--scheduler", s);
            List<String> lines = list.out().lines().toList();
            assertTrue(lines.getFirst().matches("BUNDLE +VERSION +HASH +ACTIVE +RUNS +DEPLOYED +BY +DAGS"), list.out());
            assertTrue(lines.get(1).matches("my-dags +1 +" + BundleHash.of(jar).shortHex()
                    + " +yes +0/0 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +\\S+ +\\[my_bundled_report]"), list.out());
            Console json = run("bundles", "--json", "--scheduler", s);
            assertTrue(json.out().contains("\"hash\" : \"" + BundleHash.of(jar).hex() + "\""), json.out());

            Map<List<String>, String> bad = Map.of(
                    List.of("deploy", "missing.jar"), "No such jar: " + dir.resolve("missing.jar"),
                    List.of("deploy", "notes.jar"), "is not a jar (zip) file",
                    List.of("deploy", plain.toString()), "is not a modular jar",
                    List.of("deploy", empty.toString()), "Bundle 'empty' (uploaded by",
                    List.of("deploy", src.toString()), "is a folder",
                    List.of("undeploy", "nope"), "Unknown bundle 'nope'; known bundles: [my-dags]");
            for (Map.Entry<List<String>, String> b : bad.entrySet()) {
                Console c = new Console(Map.of(), dir);
                List<String> args = new java.util.ArrayList<>(b.getKey());
                args.addAll(List.of("--scheduler", s));
                assertEquals(2, c.execute(args.toArray(String[]::new)), b.getKey() + ": " + c.out() + c.err());
                assertEquals(1, c.err().lines().count(), c.err());
                assertTrue(c.err().startsWith("ppacer " + b.getKey().getFirst() + ": "), c.err());
                assertTrue(c.err().contains(b.getValue()), "expected '" + b.getValue() + "' in: " + c.err());
            }
            Console refused = run("deploy", empty.toString(), "--scheduler", s);
            assertTrue(refused.err().contains("refused: it provides no ppacer.api.DagSource") && refused.err().contains("422"),
                    "the scheduler's reason: " + refused.err());

            Console undeploy = run("undeploy", "my-dags", "--scheduler", s);
            assertEquals("Undeployed bundle my-dags\n", undeploy.out(), undeploy.err());
            assertTrue(run("bundles", "--scheduler", s).out().lines().skip(1).findFirst().orElseThrow()
                    .matches("my-dags +1 +\\S+ +no .*"), "retired");
        } finally {
            node.stop();
        }
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
        try (Store store = Stores.open(StoreConfig.of("jdbc:sqlite:" + db))) {
            assertEquals(List.of("bundle.undeploy", "bundle.deploy"), store.audit().list(AuditQuery.all(10)).stream()
                    .map(r -> r.entry().action()).toList(), "one audit row per deploy and undeploy, none for a refusal");
            assertTrue(Files.isRegularFile(dir.resolve("bundles/" + BundleHash.of(jar).hex() + ".jar")),
                    "the upload is kept under its hash in the bundle store next to the database");
        }
    }
}
