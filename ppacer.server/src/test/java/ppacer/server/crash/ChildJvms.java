package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * Child JVMs of the crash tests: a main class of this package started on the test's class path,
 * its output in {@code <dir>/<name>.log}, waited for until it prints {@code READY <port>}; killed
 * with SIGKILL by the test, or at the end by {@link #close()}.
 */
final class ChildJvms implements AutoCloseable {
    static final Duration WAIT = Duration.ofMinutes(2);
    private final Path dir;
    private final List<Process> children = new ArrayList<>();

    ChildJvms(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a child and waits until it serves.
     *
     * @param name the log's name
     * @param main the main class
     * @param args its arguments
     * @return a client of its API
     * @throws IOException when it cannot start
     */
    SchedulerClient start(String name, Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            Stream.of(System.getProperty(prop, "").split(File.pathSeparator)).filter(s -> !s.isBlank()).forEach(entries::add);
        }
        List<String> cp = new ArrayList<>(entries.stream().filter(e -> e.endsWith("target" + File.separator + "classes"))
                .map(e -> Path.of(e).resolveSibling("test-classes").toString()).toList());
        cp.addAll(entries);
        List<String> command = new ArrayList<>(List.of(java, "-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", String.join(File.pathSeparator, cp), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        children.add(p);
        Pattern ready = Pattern.compile("READY (\\d+)");
        Await.until(WAIT, () -> ready.matcher(log(name)).find() || !p.isAlive(), () -> name + ": " + log(name));
        Matcher m = ready.matcher(log(name));
        assertTrue(m.find(), name + " did not start: " + log(name));
        return SchedulerClient.create(URI.create("http://127.0.0.1:" + m.group(1)), Optional.empty(),
                Duration.ofSeconds(30));
    }

    /** @return the last child started */
    Process last() {
        return children.getLast();
    }

    /**
     * @param name a child's name
     * @return its output so far
     */
    String log(String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Journal lines of {@code <dir>/journal.txt} as {@code [what, pid, runId, taskId, attempt]}. */
    List<String[]> journal() {
        try {
            Path f = dir.resolve("journal.txt");
            return Files.exists(f) ? Files.readAllLines(f).stream().map(l -> l.split(" ")).toList() : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        children.forEach(Process::destroyForcibly);
    }
}
