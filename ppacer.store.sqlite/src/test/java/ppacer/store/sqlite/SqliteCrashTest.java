package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;

/** Every acknowledged transition survives a SIGKILL of the writing JVM, and the file stays intact. */
class SqliteCrashTest {
    private static final int ACKS = 3000;

    @TempDir
    Path dir;

    @Test
    void acknowledged_transitions_survive_sigkill() throws Exception {
        Path db = dir.resolve("crash.db");
        Path stderr = dir.resolve("child.err");
        Process child = new ProcessBuilder(childCommand(db)).redirectError(stderr.toFile()).start();
        List<AttemptKey> acked = new ArrayList<>();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while (acked.size() < ACKS && (line = in.readLine()) != null) {
                        String[] parts = line.split(" ");
                        if (parts.length == 3 && parts[0].equals("ACK")) {
                            acked.add(new AttemptKey(Long.parseLong(parts[1]), parts[2], 0));
                        }
                    }
                }
            }, () -> "child output stopped early; stderr: " + read(stderr));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "child did not die");
        }
        assertEquals(ACKS, acked.size(), () -> "child exited early; stderr: " + read(stderr));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rs.next());
            assertEquals("ok", rs.getString(1));
        }
        try (Store store = new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + db))) {
            List<AttemptKey> lost = acked.stream().filter(k -> store.attempts().find(k)
                    .map(a -> a.status() != TaskStatus.RUNNING).orElse(true)).toList();
            assertEquals(List.of(), lost, "acknowledged transitions missing after the crash");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The same java binary, with this test's module path, class path and test classes on a class path. */
    private static List<String> childCommand(Path db) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(prop, "");
            Stream.of(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).forEach(entries::add);
        }
        List<String> testClasses = entries.stream().filter(e -> e.endsWith("target" + File.separator + "classes"))
                .map(e -> Path.of(e).resolveSibling("test-classes").toString()).toList();
        List<String> cp = new ArrayList<>(testClasses);
        cp.addAll(entries);
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, cp),
                CrashWriter.class.getName(), db.toString());
    }
}
