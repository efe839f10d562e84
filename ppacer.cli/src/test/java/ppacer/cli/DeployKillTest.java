package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.BundleVersionRecord;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.exec.bundle.BundleHash;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;
import ppacer.testkit.ModularJars;

/**
 * A real {@code ppacer scheduler} process (ppacer's modules in its boot layer, as in the image) killed with
 * SIGKILL while it deploys a changed jar of its watched DAG folder, at a few moments: after a restart the store
 * and the served DAGs show the old version or the new one, never a half, and no temporary file is left.
 */
class DeployKillTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern SERVING = Pattern.compile("ppacer scheduler on (http://\\S+):");

    @TempDir
    Path dir;

    private Process child;
    private int starts;

    @AfterEach
    void kill() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    private Path log() {
        return dir.resolve("child-" + starts + ".log");
    }

    private String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private URI start() throws IOException {
        starts++;
        String java = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = System.getProperty("jdk.module.path", "");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--enable-native-access=org.xerial.sqlitejdbc", "-p", modulePath, "--add-modules", "ppacer.store.sqlite",
                "-m", "ppacer.cli/ppacer.cli.Main", "scheduler", "--port", "0", "--dags", dir.resolve("dags").toString(),
                "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db")));
        child = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log().toFile())
                .start();
        Await.until(WAIT, () -> SERVING.matcher(logText()).find() || !child.isAlive(), () -> "not serving: " + logText());
        Matcher m = SERVING.matcher(logText());
        assertTrue(m.find(), logText());
        return URI.create(m.group(1));
    }

    private Optional<String> active() {
        try (Store s = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("ppacer.db")))) {
            return s.bundles().active().stream().filter(r -> r.bundle().equals("sales")).map(BundleVersionRecord::hash)
                    .findFirst();
        }
    }

    private byte[] version(int v) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src" + v));
        return Files.readAllBytes(ModularJars.build(src.resolve("sales.jar"), ModularJars.dagBundle("sales", "sales_daily",
                "int version = " + v + ";"), List.of()));
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void aKillDuringADeployLeavesTheOldOrTheNewVersion() throws Exception {
        Path dags = Files.createDirectories(dir.resolve("dags"));
        byte[] first = version(0);
        Files.write(dags.resolve("sales.jar"), first);
        start();
        String previous = BundleHash.of(first).hex();
        Await.until(WAIT, () -> active().equals(Optional.of(BundleHash.of(first).hex())), this::logText);
        int v = 1;
        for (long delay : List.of(0L, 300L, 550L, 700L)) {
            byte[] next = version(v++);
            String hash = BundleHash.of(next).hex();
            Files.write(dags.resolve("sales.jar"), next); // in place: the watcher may see a half-written jar
            Thread.sleep(delay);
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));

            Optional<String> atKill = active();
            assertTrue(atKill.equals(Optional.of(previous)) || atKill.equals(Optional.of(hash)),
                    "killed " + delay + " ms into a deploy: " + atKill + ", expected " + previous + " or " + hash);
            URI uri = start();
            Set<String> leftovers;
            try (Stream<Path> files = Files.list(dir.resolve("bundles"))) {
                leftovers = Set.copyOf(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".jar")
                        || n.startsWith(".")).toList());
            }
            assertEquals(Set.of(), leftovers, "temporary files are removed at the restart");
            String served = active().orElseThrow();
            byte[] jar = Files.readAllBytes(dir.resolve("bundles").resolve(served + ".jar"));
            assertEquals(served, BundleHash.of(jar).hex(), "the active version's jar is whole");
            SchedulerClient client = SchedulerClient.create(uri, Optional.empty(), Duration.ofSeconds(30));
            assertTrue(client.getJson("/dags").contains("sales_daily"), "the DAG is served after the restart");
            // the folder is scanned at the start: the new version serves
            Await.until(WAIT, () -> active().equals(Optional.of(hash)), this::logText);
            previous = hash;
        }
    }
}
