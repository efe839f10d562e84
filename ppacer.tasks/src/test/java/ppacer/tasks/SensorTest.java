package ppacer.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagDefinitionException;
import ppacer.api.TaskDeferredException;
import ppacer.testkit.RecordingContext;

/** Sensors and their ready-made conditions against real things: temp files, a JDK HttpServer, a SQLite file. */
class SensorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_poke_interval_longer_than_the_timeout_is_refused_when_the_dag_is_built() {
        DagDefinitionException e = assertThrows(DagDefinitionException.class, () -> Sensor.builder("wait_csv",
                new FileExists("/data/*.csv")).pokeInterval(Duration.ofHours(2)).timeout(Duration.ofHours(1)).build());
        assertEquals("Sensor 'wait_csv': the poke interval PT2H is longer than its timeout PT1H, so it could poke only "
                + "once; set a poke interval of at most PT1H or a longer timeout", e.getMessage());
        assertTrue(assertThrows(DagDefinitionException.class, () -> Sensor.builder("s", new FileExists("x"))
                .pokeInterval(Duration.ZERO).build()).getMessage().contains("poke interval must be positive, was PT0S"));
        assertTrue(assertThrows(DagDefinitionException.class, () -> Sensor.builder("s", new FileExists("x"))
                .pokeInterval(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(-1)).build()).getMessage()
                .contains("timeout must be positive, was PT-1S"));
    }

    @Test
    void an_unmet_condition_defers_with_the_interval_timeout_backoff_and_reason() throws Exception {
        Sensor s = Sensor.builder("wait", new FileExists(dir.resolve("*.csv").toString())).pokeInterval(Duration.ofMinutes(2))
                .timeout(Duration.ofHours(3)).exponentialBackoff(true).build();
        TaskDeferredException e = assertThrows(TaskDeferredException.class, () -> s.execute(new RecordingContext()));
        assertEquals(NOW.plus(Duration.ofMinutes(2)), e.dueAt(NOW));
        assertEquals(Optional.of(Duration.ofHours(3)), e.timeout());
        assertTrue(e.backoff());
        assertEquals("file " + dir.resolve("*.csv") + " not found", e.reason());
        Files.writeString(dir.resolve("orders.csv"), "id\n1\n");
        s.execute(new RecordingContext()); // met: returns
    }

    @Test
    void file_exists_matches_a_glob_but_not_a_directory_or_another_name() throws Exception {
        FileExists csv = new FileExists(dir.resolve("orders-*.csv").toString());
        RecordingContext ctx = new RecordingContext();
        assertTrue(csv.check(ctx).isPresent());
        Files.createDirectory(dir.resolve("orders-dir.csv"));
        Files.writeString(dir.resolve("orders-1.txt"), "x");
        assertTrue(csv.check(ctx).isPresent(), "a directory or another extension does not match");
        Files.writeString(dir.resolve("orders-1.csv"), "x");
        assertEquals(Optional.empty(), csv.check(ctx));
        assertEquals(Optional.of("directory " + dir.resolve("nope") + " of " + dir.resolve("nope/a") + " not found"),
                new FileExists(dir.resolve("nope/a").toString()).check(ctx));
    }

    @Test
    void http_answers_waits_for_the_expected_status() throws Exception {
        AtomicInteger status = new AtomicInteger(404);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/export", x -> {
            x.sendResponseHeaders(status.get(), -1);
            x.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/export");
            HttpAnswers ok = HttpAnswers.ok(uri);
            assertEquals(Optional.of("GET " + uri + " answered 404, expected 200"), ok.check(new RecordingContext()));
            status.set(200);
            assertEquals(Optional.empty(), ok.check(new RecordingContext()));
        } finally {
            server.stop(0);
        }
        Optional<String> down = HttpAnswers.ok(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/export"))
                .check(new RecordingContext());
        assertTrue(down.isPresent() && down.get().contains("failed"), "a server that is down means not yet: " + down);
        assertThrows(IllegalArgumentException.class, () -> HttpAnswers.ok(URI.create("ftp://x/y")));
    }

    @Test
    void sql_returns_row_waits_for_a_row_of_a_real_sqlite_file() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("loads.db");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE loads (day TEXT, done INTEGER)");
        }
        SqlReturnsRow cond = SqlReturnsRow.of(url, "SELECT 1 FROM loads WHERE day = '2026-01-01' AND done = 1");
        assertEquals(Optional.of("query returned no row: " + cond.query()), cond.check(new RecordingContext()));
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO loads VALUES ('2026-01-01', 1)");
        }
        assertEquals(Optional.empty(), cond.check(new RecordingContext()));
        assertThrows(java.sql.SQLException.class, () -> SqlReturnsRow.of(url, "SELECT * FROM no_such_table")
                .check(new RecordingContext()), "a wrong query fails instead of waiting");
    }

    @Test
    void the_definition_changes_with_every_setting() {
        Sensor a = Sensor.builder("s", new FileExists("/a/*.csv")).pokeInterval(Duration.ofSeconds(30)).build();
        assertEquals(a.definition(), Sensor.builder("s", new FileExists("/a/*.csv")).pokeInterval(Duration.ofSeconds(30))
                .build().definition());
        assertNotEquals(a.definition(), Sensor.builder("s", new FileExists("/b/*.csv")).pokeInterval(Duration.ofSeconds(30))
                .build().definition());
        assertNotEquals(a.definition(), Sensor.builder("s", new FileExists("/a/*.csv")).pokeInterval(Duration.ofSeconds(30))
                .exponentialBackoff(true).build().definition());
    }
}
