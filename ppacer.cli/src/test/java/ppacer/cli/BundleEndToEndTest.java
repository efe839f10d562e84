package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.exec.bundle.BundleHash;
import ppacer.testkit.Await;
import ppacer.testkit.ModularJars;

/**
 * End to end over processes: {@code ppacer scheduler} and {@code ppacer executor} started as
 * separate JVMs from the image's modules alone (the executor without {@code --dags}), a bundle
 * deployed with {@code ppacer deploy}, its DAG triggered: the executor fetches the version by hash
 * from the scheduler, caches it on disk and runs the bundle's task code in its own process; a second
 * version deployed while a run of the first is running: the new run takes v2's code, the running one
 * finishes with v1's, the executor holding both versions.
 */
class BundleEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern SERVING = Pattern.compile("ppacer scheduler on (http://\\S+):");

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void kill() {
        children.forEach(Process::destroyForcibly);
    }

    /** A JVM running {@code ppacer ARGS} from the modules of the image (this test's module path). */
    private Process ppacer(String log, List<String> jvm, String... args) throws IOException {
        List<String> modules = Stream.of(System.getProperty("jdk.module.path", "").split(File.pathSeparator))
                .filter(x -> !x.isBlank()).toList();
        assertTrue(!modules.isEmpty(), "the tests run on the module path");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=org.xerial.sqlitejdbc",
                "-p", String.join(File.pathSeparator, modules), "--add-modules", "ALL-MODULE-PATH"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-m", "ppacer.cli/ppacer.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
        children.add(p);
        return p;
    }

    private String log(String name) {
        try {
            return Files.exists(dir.resolve(name)) ? Files.readString(dir.resolve(name)) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A task body: writes "started V runId", waits for the gate when asked to, then writes "done V runId". */
    private static String version(String v, boolean waitForGate) {
        String write = "java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(\"ppacer.test.marker\")),"
                + " \"%s " + v + " \" + ctx.runId() + \"\\n\", java.nio.file.StandardOpenOption.CREATE,"
                + " java.nio.file.StandardOpenOption.APPEND);";
        String wait = waitForGate ? "while (!java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("
                + "\"ppacer.test.gate\")))) { Thread.sleep(50); }" : "";
        return write.formatted("started") + wait + write.formatted("done");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void an_executor_of_the_bare_image_fetches_each_deployed_version_by_hash_and_runs_a_run_on_its_own() throws Exception {
        Path marker = dir.resolve("ran.txt");
        Path gate = dir.resolve("gate");
        Path src = Files.createDirectories(dir.resolve("src"));
        Path v1 = ModularJars.build(Files.createDirectories(src.resolve("v1")).resolve("my-dags.jar"), ModularJars.dagBundle("my.dags", "my_bundled_report",
                version("v1", true)), List.of());
        Path v2 = ModularJars.build(Files.createDirectories(src.resolve("v2")).resolve("my-dags.jar"), ModularJars.dagBundle("my.dags", "my_bundled_report",
                version("v2", false)), List.of());
        Process scheduler = ppacer("scheduler.log", List.of(), "scheduler", "--port", "0", "--db",
                "jdbc:sqlite:" + dir.resolve("ppacer.db"));
        Await.until(WAIT, () -> SERVING.matcher(log("scheduler.log")).find() || !scheduler.isAlive(),
                () -> "scheduler not serving: " + log("scheduler.log"));
        Matcher m = SERVING.matcher(log("scheduler.log"));
        assertTrue(m.find(), log("scheduler.log"));
        String url = URI.create(m.group(1)).toString();
        Path cache = dir.resolve("exec-cache");
        List<String> execJvm = List.of("-Dppacer.test.marker=" + marker, "-Dppacer.test.gate=" + gate);
        Process executor = ppacer("executor-1.log", execJvm, "executor", "--scheduler", url, "--executor-id", "e1",
                "--bundle-cache", cache.toString());
        Await.until(WAIT, () -> log("executor-1.log").contains("ppacer executor e1") || !executor.isAlive(),
                () -> "executor not started: " + log("executor-1.log"));
        assertTrue(executor.isAlive(), log("executor-1.log"));

        // v1: its run waits at the gate
        Console deploy = new Console(Map.of(), dir);
        assertEquals(0, deploy.execute("deploy", v1.toString(), "--scheduler", url), deploy.err());
        Console first = new Console(Map.of(), dir);
        assertEquals(0, first.execute("trigger", "my_bundled_report", "--scheduler", url), first.err());
        Await.until(WAIT, () -> lines(marker).stream().anyMatch(l -> l.startsWith("started v1 ")),
                () -> "the v1 run did not start; executor: " + log("executor-1.log"));

        // v2 while the v1 run runs: a new run takes v2's code
        Console deploy2 = new Console(Map.of(), dir);
        assertEquals(0, deploy2.execute("deploy", v2.toString(), "--scheduler", url), deploy2.err());
        Console second = new Console(Map.of(), dir);
        assertEquals(0, second.execute("trigger", "my_bundled_report", "--wait", "--scheduler", url),
                second.out() + second.err() + "\nscheduler: " + log("scheduler.log") + "\nexecutor: " + log("executor-1.log"));
        assertTrue(lines(marker).stream().anyMatch(l -> l.startsWith("done v2 ")), "the new run ran v2: " + lines(marker));
        assertTrue(lines(marker).stream().noneMatch(l -> l.startsWith("done v1 ")), "the v1 run still waits: " + lines(marker));

        // the v1 run finishes on v1's code
        Files.writeString(gate, "open");
        Await.until(WAIT, () -> lines(marker).stream().anyMatch(l -> l.startsWith("done v1 ")),
                () -> "the v1 run did not finish on v1: " + lines(marker) + "\nexecutor: " + log("executor-1.log"));
        for (Path jar : List.of(v1, v2)) {
            assertTrue(Files.isRegularFile(cache.resolve(BundleHash.of(jar).hex() + ".jar")),
                    "the executor fetched and cached " + jar + " by its hash");
        }

        executor.destroy(); // SIGTERM: stops gracefully
        assertTrue(executor.waitFor(60, TimeUnit.SECONDS), log("executor-1.log"));
        scheduler.destroy();
        assertTrue(scheduler.waitFor(60, TimeUnit.SECONDS), log("scheduler.log"));
    }
}
