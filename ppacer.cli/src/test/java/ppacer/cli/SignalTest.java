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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagSource;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * {@code ppacer run} in a child JVM stopped by SIGINT, as Ctrl-C does: the first signal says what the
 * stop waits for, the second ends the process at once.
 */
class SignalTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SERVING = Pattern.compile("ppacer run on (http://\\S+):");

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void kill() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    private Process start() throws IOException {
        // the slow DAG is found by this child alone: its services file is in a directory only it reads
        Path services = dir.resolve("services/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(DagSource.class.getName()), SlowDags.class.getName() + "\n");
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            Stream.of(System.getProperty(prop, "").split(File.pathSeparator)).filter(x -> !x.isBlank()).forEach(entries::add);
        }
        List<String> cp = new ArrayList<>(List.of(dir.resolve("services").toString()));
        cp.addAll(entries.stream().filter(e -> e.endsWith("target" + File.separator + "classes"))
                .map(e -> Path.of(e).resolveSibling("test-classes").toString()).toList());
        cp.addAll(entries);
        String java = ProcessHandle.current().info().command().orElseThrow();
        child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, cp), "ppacer.cli.Main",
                "run", "--port", "0", "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        return child;
    }

    private String log() {
        try {
            return Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private URI awaitServing() {
        Await.until(WAIT, () -> SERVING.matcher(log()).find() || !child.isAlive(), () -> "not serving: " + log());
        Matcher m = SERVING.matcher(log());
        assertTrue(m.find(), log());
        return URI.create(m.group(1));
    }

    private void signal(String name) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).inheritIO().start();
        assertEquals(0, k.waitFor());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void the_first_ctrl_c_says_what_it_waits_for_and_the_second_stops_at_once() throws Exception {
        start();
        URI uri = awaitServing();
        SchedulerClient client = SchedulerClient.create(uri, Optional.empty(), Duration.ofSeconds(30));
        String triggered = client.postJson("/dag/run/trigger", Map.of("dagId", "slow"));
        Await.until(WAIT, () -> client.getJson("/metrics").lines().anyMatch(l -> l.equals("ppacer_running_attempts 2")),
                () -> "two tasks running: " + log() + triggered);

        signal("INT");
        Await.until(WAIT, () -> log().contains("Stopping: waiting up to 30 s for 2 running tasks (Ctrl-C again to stop now)"),
                this::log);
        assertTrue(child.isAlive(), "waits for the running tasks: " + log());
        signal("INT");
        assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the second Ctrl-C stops at once: " + log());
        assertEquals(130, child.exitValue(), log());
        assertTrue(log().contains("Stopping now") && !log().contains("ppacer stopped"), "halted, not stopped gracefully: "
                + log());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void ctrl_c_with_nothing_running_just_stops() throws Exception {
        start();
        URI uri = awaitServing();
        // nothing runs when the signal comes: the example DAGs paused (hello_world runs at start and every
        // 10 s), their runs ended
        SchedulerClient client = SchedulerClient.create(uri, Optional.empty(), Duration.ofSeconds(30));
        Matcher ids = Pattern.compile("\"dagId\"\\s*:\\s*\"([^\"]+)\"").matcher(client.getJson("/dags"));
        while (ids.find()) {
            client.postJson("/dags/" + ids.group(1) + "/pause", Map.of());
        }
        Await.until(WAIT, () -> client.getJson("/metrics").lines().anyMatch(l -> l.equals("ppacer_running_attempts 0")),
                () -> "nothing running: " + log());
        signal("INT");
        assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), log());
        assertEquals(130, child.exitValue(), "as a process ended by SIGINT: " + log());
        assertTrue(log().contains("ppacer stopped"), log());
        assertTrue(!log().contains("running task"), log());
    }
}
