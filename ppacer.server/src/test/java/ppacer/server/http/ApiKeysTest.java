package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.concurrent.Backoff;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;

/**
 * API keys beyond the role matrix: DAG patterns, revocation (at once here, within the refresh time
 * when made by another scheduler), secrets kept out of logs, answers and the store, the rate limit of
 * failed authentications, {@code /whoami}, and authentication turning on with the first key.
 */
class ApiKeysTest {
    @TempDir
    Path dir;

    private ApiHarness harness(boolean protectReads, ServerConfig.Auth auth) {
        return new ApiHarness(dir, RoleMatrixTest.registry(), RoleMatrixTest.config(protectReads).withAuth(auth));
    }

    private static ApiHarness.Answer delete(ApiHarness api, String path, String key) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).DELETE(), key);
    }

    private static String createScoped(ApiHarness api) {
        ApiHarness.Answer a = api.post("/tokens", "{\"name\":\"etl-ops\",\"role\":\"operator\",\"dags\":[\"etl_*\"]}",
                RoleMatrixTest.LEGACY);
        assertEquals(200, a.status(), a.body());
        assertEquals("[\"etl_*\"]", a.json().get("dags").toString());
        return a.json().get("key").asText();
    }

    @Test
    void an_operator_scoped_to_etl_acts_on_etl_dags_only() {
        try (ApiHarness api = harness(false, ServerConfig.Auth.defaults())) {
            String ops = createScoped(api);
            ApiHarness.Answer mine = api.post("/dag/run/trigger", "{\"dagId\":\"etl_x\"}", ops);
            assertEquals(200, mine.status(), mine.body());
            ApiHarness.Answer theirs = api.post("/dag/run/trigger", "{\"dagId\":\"other\"}", ops);
            assertEquals(403, theirs.status(), theirs.body());
            assertTrue(theirs.error().contains("etl_*") && theirs.error().contains("'other'"), theirs.error());
            long otherRun = api.post("/dag/run/trigger", "{\"dagId\":\"other\"}", RoleMatrixTest.LEGACY).json()
                    .get("runId").asLong();
            long etlRun = mine.json().get("runId").asLong();
            assertEquals(403, api.post("/dag/run/" + otherRun + "/task/t/clear", "{}", ops).status());
            assertEquals(403, api.post("/dag/run/" + otherRun + "/task/t/mark", "{\"status\":\"SUCCESS\"}", ops).status());
            assertEquals(403, api.post("/dag/run/restart", "{\"runId\":" + otherRun + "}", ops).status());
            assertEquals(403, api.post("/dags/other/pause", "{}", ops).status());
            assertEquals(403, api.post("/dags/other/backfills", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-02\"}", ops)
                    .status());
            long otherBackfill = api.post("/dags/other/backfills", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-02\"}",
                    RoleMatrixTest.LEGACY).json().get("id").asLong();
            assertEquals(403, api.post("/backfills/" + otherBackfill + "/cancel", "{}", ops).status());
            assertEquals(403, api.post("/dag/run/+" + otherRun + "/task/t/clear", "{}", ops).status(),
                    "a run id the filter cannot read is refused, not let through unchecked");
            assertEquals(404, api.post("/dag/run/999999/task/t/clear", "{}", ops).status(), "an unknown run is a 404");
            assertEquals(200, api.post("/dags/etl_x/pause", "{}", ops).status());
            assertEquals(200, api.post("/dags/etl_x/unpause", "{}", ops).status());
            ApiHarness.Answer clear = api.post("/dag/run/" + etlRun + "/task/t/clear", "{}", ops);
            assertTrue(clear.status() != 401 && clear.status() != 403, clear.body());
            assertEquals(200, api.get("/dags/other", ops).status(), "patterns limit actions, not reads");
            assertEquals(403, api.send(HttpRequest.newBuilder(api.uri("/pools/p")).PUT(
                    HttpRequest.BodyPublishers.ofString("{\"slots\":1}")), ops).status(), "an operator manages no pool");
        }
    }

    @Test
    void patterns_are_for_operators_and_bad_requests_are_named() {
        try (ApiHarness api = harness(false, ServerConfig.Auth.defaults())) {
            ApiHarness.Answer admin = api.post("/tokens", "{\"name\":\"a\",\"role\":\"admin\",\"dags\":[\"x*\"]}",
                    RoleMatrixTest.LEGACY);
            assertEquals(400, admin.status());
            assertEquals("dags", admin.field());
            ApiHarness.Answer role = api.post("/tokens", "{\"name\":\"a\",\"role\":\"root\"}", RoleMatrixTest.LEGACY);
            assertEquals(400, role.status());
            assertTrue(role.error().contains("'root'") && role.error().contains("operator"), role.error());
            ApiHarness.Answer glob = api.post("/tokens", "{\"name\":\"a\",\"role\":\"operator\",\"dags\":[\"a,b\"]}",
                    RoleMatrixTest.LEGACY);
            assertEquals(400, glob.status());
            assertEquals(400, api.post("/tokens", "{\"name\":\"bad name\",\"role\":\"viewer\"}", RoleMatrixTest.LEGACY).status());
            RoleMatrixTest.create(api, "dup", "viewer");
            assertEquals(409, api.post("/tokens", "{\"name\":\"dup\",\"role\":\"viewer\"}", RoleMatrixTest.LEGACY).status(),
                    "a name is unique among valid keys");
            assertEquals(404, delete(api, "/tokens/never", RoleMatrixTest.LEGACY).status());
        }
    }

    @Test
    void a_revocation_here_applies_at_once_and_frees_the_name() {
        try (ApiHarness api = harness(true, new ServerConfig.Auth(1_000, Duration.ofHours(1)))) {
            String key = RoleMatrixTest.create(api, "ci", "viewer");
            assertEquals(200, api.get("/dags", key).status());
            ApiHarness.Answer revoked = delete(api, "/tokens/ci", RoleMatrixTest.LEGACY);
            assertEquals(200, revoked.status(), revoked.body());
            assertFalse(revoked.json().get("revokedAt").isNull());
            ApiHarness.Answer after = api.get("/dags", key);
            assertEquals(401, after.status(), "the next request is refused, though keys are cached for an hour");
            assertTrue(after.error().startsWith("Revoked API key"), after.error());
            String again = RoleMatrixTest.create(api, "ci", "viewer");
            assertEquals(200, api.get("/dags", again).status());
            assertEquals(401, api.get("/dags", key).status(), "the old key stays revoked");
        }
    }

    @Test
    void a_revocation_by_another_scheduler_applies_within_the_refresh_time() {
        try (ApiHarness api = harness(true, new ServerConfig.Auth(1_000, Duration.ofMillis(200)))) {
            String key = RoleMatrixTest.create(api, "ci", "viewer");
            assertEquals(200, api.get("/dags", key).status());
            // as another scheduler of the same store does: straight in the store, this server's cache untouched
            assertTrue(api.scheduler.store().apiKeys().revoke("ci", Instant.now()).isPresent());
            Await.until(Duration.ofSeconds(60), () -> api.get("/dags", key).status() == 401,
                    () -> "the revoked key is refused");
        }
    }

    @Test
    void failed_authentications_are_counted_and_limited_per_address() {
        try (ApiHarness api = harness(false, new ServerConfig.Auth(3, Duration.ofSeconds(5)))) {
            String key = RoleMatrixTest.create(api, "ci", "operator");
            String wrong = key.substring(0, key.length() - 2) + "xx";
            assertEquals(401, api.post("/dags/etl_x/pause", "{}").status(), "no key: counted, not limited");
            assertEquals(401, api.get("/dags", wrong).status());
            assertEquals(401, api.get("/dags", "garbage").status());
            assertEquals(401, api.get("/dags", wrong).status());
            ApiHarness.Answer limited = api.get("/dags", wrong);
            assertEquals(429, limited.status(), limited.body());
            ApiHarness.Answer right = api.post("/dags/etl_x/pause", "{}", key);
            assertEquals(429, right.status(), "the address waits out the minute, whatever key it sends");
            assertEquals(200, fromOtherAddress(api, "/dags/etl_x/pause", key),
                    "another address (127.0.0.2) is not limited by this one's failures");
            assertEquals(429, api.get("/dags", key).status(), "and this one still is");
            assertEquals(200, api.get("/health").status());
            ApiHarness.Answer metrics = api.get("/metrics");
            assertEquals(200, metrics.status(), "a read without a key, where none is needed, is not limited");
            assertTrue(metrics.body().contains("ppacer_api_auth_failures_total{reason=\"wrong\"} 3"), metrics.body());
            assertTrue(metrics.body().contains("ppacer_api_auth_failures_total{reason=\"missing\"} 1"), metrics.body());
            assertTrue(metrics.body().contains("ppacer_api_auth_rate_limited_total 3"), metrics.body());
        }
    }

    /** @return the status of a POST with the key from a client bound to 127.0.0.2, a loopback address of its own */
    private static int fromOtherAddress(ApiHarness api, String path, String key) {
        try (java.net.http.HttpClient other = java.net.http.HttpClient.newBuilder()
                .localAddress(java.net.InetAddress.getByName("127.0.0.2")).build()) {
            return other.send(HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .timeout(Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_rate_limit_answer_says_when_to_retry() throws Exception {
        try (ApiHarness api = harness(true, new ServerConfig.Auth(1, Duration.ofSeconds(5)))) {
            assertEquals(401, api.get("/dags", "garbage").status());
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    api.uri("/dags")).header("Authorization", "Bearer garbage").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(429, r.statusCode());
            long seconds = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + seconds);
            assertTrue(r.body().contains("Too many failed authentications"), r.body());
        }
    }

    @Test
    void whoami_tells_the_ui_who_and_what() {
        try (ApiHarness api = harness(false, ServerConfig.Auth.defaults())) {
            String ops = createScoped(api);
            JsonNode me = api.get("/whoami", ops).json();
            assertEquals("etl-ops", me.get("name").asText());
            assertEquals("operator", me.get("role").asText());
            assertEquals("[\"etl_*\"]", me.get("dags").toString());
            assertEquals("[\"read\",\"operate\"]", me.get("may").toString());
            assertTrue(me.get("keyRequired").asBoolean());
            JsonNode anonymous = api.get("/whoami").json();
            assertEquals("anonymous", anonymous.get("name").asText());
            assertFalse(anonymous.get("authenticated").asBoolean());
            assertEquals("[\"read\"]", anonymous.get("may").toString());
            assertEquals(401, api.get("/whoami", "wrong").status(), "a presented key is checked");
            assertEquals("token", api.get("/whoami", RoleMatrixTest.LEGACY).json().get("name").asText());
        }
    }

    @Test
    void without_a_token_the_first_key_turns_authentication_on() {
        try (ApiHarness api = new ApiHarness(dir, RoleMatrixTest.registry(), ServerConfig.defaults())) {
            assertEquals("[\"read\",\"operate\",\"admin\",\"execute\"]", api.get("/whoami").json().get("may").toString());
            ApiHarness.Answer first = api.post("/tokens", "{\"name\":\"root\",\"role\":\"admin\"}");
            assertEquals(200, first.status(), "no key exists yet: the API is open, as before keys");
            String root = first.json().get("key").asText();
            assertEquals(401, api.post("/dag/run/trigger", "{\"dagId\":\"etl_x\"}").status());
            assertEquals(200, api.post("/dag/run/trigger", "{\"dagId\":\"etl_x\"}", root).status());
            assertEquals(200, api.get("/dags").status(), "reads stay open unless protected");
            assertEquals(401, api.post("/tokens", "{\"name\":\"x\",\"role\":\"admin\"}").status());
            JsonNode listed = api.get("/tokens", root).json();
            assertEquals("root", listed.get(0).get("name").asText());
            assertEquals("anonymous", listed.get(0).get("createdBy").asText());
        }
    }

    @Test
    void an_executor_with_an_executor_key_runs_tasks_over_http() {
        try (ApiHarness api = harness(true, ServerConfig.Auth.defaults())) {
            String key = RoleMatrixTest.create(api, "exec-1", "executor");
            long run = api.post("/dag/run/trigger", "{\"dagId\":\"etl_x\"}", RoleMatrixTest.LEGACY).json()
                    .get("runId").asLong();
            assertEquals(403, api.post("/dag/run/trigger", "{\"dagId\":\"etl_x\"}", key).status(),
                    "an executor key triggers nothing");
            Executor executor = Executor.create(api.scheduler.registry(), SchedulerLink.http(SchedulerClient.create(
                    api.server.uri(), Optional.of(key), Duration.ofSeconds(10))), ExecutorConfig.builder()
                    .executorId("e1").longPollWait(Duration.ofMillis(200)).backoff(() -> Backoff.fixed(Duration.ofMillis(50)))
                    .build()).start();
            try {
                Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(run).orElseThrow().status()
                        == DagRunStatus.SUCCESS, () -> "the run succeeds through the executor key");
            } finally {
                executor.close(Duration.ofSeconds(5));
            }
            JsonNode listed = api.get("/tokens", RoleMatrixTest.LEGACY).json();
            assertFalse(listed.get(0).get("lastUsedAt").isNull(), "its use is recorded: " + listed);
        }
    }

    @Test
    void secrets_are_never_logged_answered_again_or_stored() throws IOException, SQLException {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        List<String> secrets = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try (ApiHarness api = harness(true, ServerConfig.Auth.defaults())) {
            for (String role : List.of("viewer", "operator", "admin", "executor")) {
                ApiHarness.Answer a = api.post("/tokens", "{\"name\":\"k-" + role + "\",\"role\":\"" + role + "\"}",
                        RoleMatrixTest.LEGACY);
                assertEquals(200, a.status());
                secrets.add(a.json().get("key").asText());
            }
            for (String s : secrets) {
                answers.add(api.get("/whoami", s).body());
                answers.add(api.get("/dags", s).body());
                answers.add(api.get("/dags", s + "x").body());
                answers.add(api.post("/dag/run/trigger", "{\"dagId\":\"etl_x\"}", s).body());
            }
            answers.add(api.get("/tokens", RoleMatrixTest.LEGACY).body());
            answers.add(delete(api, "/tokens/k-viewer", RoleMatrixTest.LEGACY).body());
            answers.add(api.get("/dags", secrets.getFirst()).body());
            answers.add(api.get("/metrics", RoleMatrixTest.LEGACY).body());
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        List<String> logged = new ArrayList<>();
        for (LogRecord r : records) {
            logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()) + " " + r.getThrown());
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("k-operator")), "the creations are logged: " + logged);
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("api.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT * FROM api_keys")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        assertEquals(4, rows.size());
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path f : all.toList()) {
                files.add(Files.readAllBytes(f));
            }
        }
        for (String s : secrets) {
            String secretPart = s.substring("ppk_".length() + 13); // the part after the key id
            assertEquals(43, secretPart.length(), s);
            for (String l : logged) {
                assertFalse(l.contains(secretPart), "a secret in the log: " + l);
            }
            for (String a : answers) {
                assertFalse(a.contains(secretPart), "a secret in an answer: " + a);
            }
            for (List<String> row : rows) {
                assertFalse(String.join("|", row).contains(secretPart), "a secret in the table: " + row);
            }
            for (byte[] f : files) {
                assertFalse(new String(f, StandardCharsets.ISO_8859_1).contains(secretPart), "a secret in a store file");
            }
        }
    }
}
