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
 * from the scheduler, caches it on disk and runs the bundle's task code in its own process.
 *
 * <p>Needs the scheduler to hand the run's bundle hash out with each attempt and to serve a
 * deployed bundle's DAGs at once (branch bundles-live).
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

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void an_executor_of_the_bare_image_fetches_a_deployed_bundle_by_hash_and_runs_it() throws Exception {
        Path marker = dir.resolve("ran.txt");
        Path src = Files.createDirectories(dir.resolve("src"));
        Path jar = ModularJars.build(src.resolve("my-dags.jar"), ModularJars.dagBundle("my.dags", "my_bundled_report",
                "java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(\"ppacer.test.marker\")),"
                        + " \"ran \" + ctx.runId() + \"\\n\", java.nio.file.StandardOpenOption.CREATE,"
                        + " java.nio.file.StandardOpenOption.APPEND);"), List.of());
        Process scheduler = ppacer("scheduler.log", List.of(), "scheduler", "--port", "0", "--db",
                "jdbc:sqlite:" + dir.resolve("ppacer.db"));
        Await.until(WAIT, () -> SERVING.matcher(log("scheduler.log")).find() || !scheduler.isAlive(),
                () -> "scheduler not serving: " + log("scheduler.log"));
        Matcher m = SERVING.matcher(log("scheduler.log"));
        assertTrue(m.find(), log("scheduler.log"));
        String url = URI.create(m.group(1)).toString();
        Path cache = dir.resolve("exec-cache");
        List<String> execJvm = List.of("-Dppacer.test.marker=" + marker);
        Process executor = ppacer("executor-1.log", execJvm, "executor", "--scheduler", url, "--executor-id", "e1",
                "--bundle-cache", cache.toString());
        Await.until(WAIT, () -> log("executor-1.log").contains("ppacer executor e1") || !executor.isAlive(),
                () -> "executor not started: " + log("executor-1.log"));
        assertTrue(executor.isAlive(), log("executor-1.log"));

        Console deploy = new Console(Map.of(), dir);
        assertEquals(0, deploy.execute("deploy", jar.toString(), "--scheduler", url), deploy.err());
        Console trigger = new Console(Map.of(), dir);
        assertEquals(0, trigger.execute("trigger", "my_bundled_report", "--wait", "--scheduler", url),
                trigger.out() + trigger.err() + "\nscheduler: " + log("scheduler.log") + "\nexecutor: " + log("executor-1.log"));
        assertTrue(Files.readString(marker).startsWith("ran "), "the bundle's task code ran in the executor process");
        String hash = BundleHash.of(jar).hex();
        assertTrue(Files.isRegularFile(cache.resolve(hash + ".jar")), "the executor cached the version by its hash");

        executor.destroy(); // SIGTERM: stops gracefully
        assertTrue(executor.waitFor(60, TimeUnit.SECONDS), log("executor-1.log"));
        scheduler.destroy();
        assertTrue(scheduler.waitFor(60, TimeUnit.SECONDS), log("scheduler.log"));
    }
}
