package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.BundleVersionRecord;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.exec.bundle.BundleHash;
import ppacer.testkit.ModularJars;

/**
 * The {@code /bundles} endpoints on a real server and SQLite store: upload (201, the same content
 * 200), list with runs, download by hash with its SHA-256, undeploy; every bad bundle answers a clear
 * 4xx naming the bundle and the cause, with nothing stored and no audit row; one audit row per
 * deploy and undeploy that changed something.
 */
class BundleApiTest {
    private static final String TOKEN = RoleMatrixTest.LEGACY;
    private static final long MAX_JAR = 256 * 1024;

    @TempDir
    Path dir;

    private ApiHarness api;
    private Path content;

    @BeforeEach
    void start() {
        content = dir.resolve("bundles");
        api = new ApiHarness(dir, RoleMatrixTest.registry(), RoleMatrixTest.config(false), content, MAX_JAR);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private byte[] jar(String file, Map<String, String> sources, Path... modulePath) throws IOException {
        Path src = dir.resolve("src-" + file);
        Files.createDirectories(src);
        return Files.readAllBytes(ModularJars.build(src.resolve(file), sources, List.of(modulePath)));
    }

    private byte[] bundle(String file, String module, String dagId, String body) throws IOException {
        return jar(file, ModularJars.dagBundle(module, dagId, body));
    }

    private ApiHarness.Answer upload(String name, byte[] jar) {
        return api.send(HttpRequest.newBuilder(api.uri("/bundles?name=" + name)).header("Content-Type",
                "application/java-archive").POST(HttpRequest.BodyPublishers.ofByteArray(jar)), TOKEN);
    }

    private List<AuditRecord> audit() {
        return api.scheduler.store().audit().list(AuditQuery.all(100));
    }

    private List<String> contentFiles() throws IOException {
        try (Stream<Path> s = Files.list(content)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private HttpResponse<byte[]> download(String hash, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri("/bundles/" + hash)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void uploads_lists_downloads_and_undeploys_a_bundle_with_one_audit_row_each() throws Exception {
        byte[] v1 = bundle("sales-1.jar", "sales.dags", "sales_daily", "");
        String h1 = BundleHash.of(v1).hex();

        ApiHarness.Answer created = upload("sales", v1);

        assertEquals(201, created.status(), created.body());
        assertEquals("sales", created.json().get("name").asText());
        assertEquals(1, created.json().get("version").asInt());
        assertEquals(h1, created.json().get("hash").asText());
        assertEquals("sales_daily", created.json().get("dagIds").get(0).asText());
        assertEquals("token", created.json().get("deployedBy").asText());
        assertTrue(created.json().get("active").asBoolean());
        assertFalse(created.json().get("deployedAt").asText().isEmpty());
        assertEquals(List.of(h1 + ".jar"), contentFiles());

        ApiHarness.Answer again = upload("sales", v1);
        assertEquals(200, again.status(), "the same content again: unchanged " + again.body());
        assertEquals(1, again.json().get("version").asInt());
        assertEquals(1, audit().size(), "one audit row for the deploy, none for the same content: " + audit());
        assertEquals("bundle.deploy", audit().getFirst().entry().action());
        assertEquals(Optional.empty(), audit().getFirst().entry().before());
        assertEquals(Optional.of("sales v1 " + h1), audit().getFirst().entry().after());

        byte[] v2 = bundle("sales-2.jar", "sales.dags", "sales_daily", "System.out.println(\"v2\");");
        String h2 = BundleHash.of(v2).hex();
        ApiHarness.Answer second = upload("sales", v2);
        assertEquals(201, second.status(), second.body());
        assertEquals(2, second.json().get("version").asInt());
        assertEquals(Optional.of("sales v1 " + h1), audit().getFirst().entry().before());
        assertEquals(Optional.of("sales v2 " + h2), audit().getFirst().entry().after());

        api.scheduler.store().dagRuns().insert(new NewDagRun("etl_x", Instant.parse("2020-01-01T00:00:00Z"),
                DagRunStatus.RUNNING, "{}", ScheduleEventType.MANUALLY_TRIGGERED, 1, Instant.now(), Optional.of(h1)));
        ApiHarness.Answer list = api.get("/bundles");
        assertEquals(200, list.status(), list.body());
        assertTrue(list.json().get("enabled").asBoolean());
        JsonNode versions = list.json().get("versions");
        assertEquals(2, versions.size(), list.body());
        assertEquals(h1, versions.get(0).get("hash").asText());
        assertFalse(versions.get(0).get("active").asBoolean());
        assertEquals(1, versions.get(0).get("unfinishedRuns").asLong(), "the run pinned to v1 is counted on v1");
        assertEquals(1, versions.get(0).get("runs").asLong());
        assertTrue(versions.get(1).get("active").asBoolean());
        assertEquals(0, versions.get(1).get("runs").asLong());

        HttpResponse<byte[]> jar = download(h2, TOKEN);
        assertEquals(200, jar.statusCode());
        assertArrayEquals(v2, jar.body());
        assertEquals(Optional.of(h2), jar.headers().firstValue(BundleRoutes.SHA256_HEADER));
        assertEquals(Optional.of("application/java-archive"), jar.headers().firstValue("Content-Type"));
        assertArrayEquals(v1, download(h1, TOKEN).body(), "an older version stays downloadable: runs are pinned to it");
        HttpResponse<byte[]> unknown = download("0".repeat(64), TOKEN);
        assertEquals(404, unknown.statusCode());
        assertTrue(new String(unknown.body()).contains("Unknown bundle version " + "0".repeat(64)), new String(unknown.body()));
        HttpResponse<byte[]> malformed = download("not-a-hash", TOKEN);
        assertEquals(400, malformed.statusCode());
        assertTrue(new String(malformed.body()).contains("is not a SHA-256"), new String(malformed.body()));
        assertEquals(401, download(h2, null).statusCode(), "a jar needs a key");

        ApiHarness.Answer gone = api.send(HttpRequest.newBuilder(api.uri("/bundles/sales")).DELETE(), TOKEN);
        assertEquals(200, gone.status(), gone.body());
        assertEquals(List.of(), api.scheduler.store().bundles().active());
        assertEquals("bundle.undeploy", audit().getFirst().entry().action());
        assertEquals(Optional.of("sales v2 " + h2), audit().getFirst().entry().before());
        assertEquals(3, audit().size());
        ApiHarness.Answer twice = api.send(HttpRequest.newBuilder(api.uri("/bundles/sales")).DELETE(), TOKEN);
        assertEquals(200, twice.status(), "undeploying a retired bundle changes nothing: " + twice.body());
        assertEquals(3, audit().size(), "and writes no audit row");
        ApiHarness.Answer none = api.send(HttpRequest.newBuilder(api.uri("/bundles/nope")).DELETE(), TOKEN);
        assertEquals(404, none.status(), none.body());
        assertTrue(none.error().contains("Unknown bundle 'nope'") && none.error().contains("sales"), none.error());
    }

    @Test
    void every_bad_bundle_answers_a_clear_4xx_and_changes_nothing() throws Exception {
        assertEquals(201, upload("good", bundle("good.jar", "good.dags", "shared_dag", "")).status());
        List<BundleVersionRecord> before = api.scheduler.store().bundles().list();
        List<String> files = contentFiles();
        int audits = audit().size();
        Path lib = ModularJars.build(dir.resolve("lib.jar"), Map.of("module-info.java", "module some.lib { exports some.lib; }",
                "some/lib/Lib.java", "package some.lib; public class Lib {}"), List.of());
        String cycle = """
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
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("it is not modular", jar("plain.jar", Map.of("plain/Dags.java", "package plain; public class Dags {}")));
        bad.put("provides no ppacer.api.DagSource", jar("empty.jar", Map.of("module-info.java",
                "module empty.dags { requires ppacer.api; }", "empty/dags/Nothing.java", "package empty.dags; public class Nothing {}")));
        bad.put("cycl", jar("cyc.jar", Map.of("module-info.java",
                "module cyc { requires ppacer.api; provides ppacer.api.DagSource with cyc.Dags; }", "cyc/Dags.java", cycle)));
        bad.put("DAG id 'shared_dag' is already provided by bundle 'good'", bundle("dup.jar", "dup.dags", "shared_dag", ""));
        bad.put("a dependency is missing", jar("needy.jar", Map.of("module-info.java",
                "module needy { requires ppacer.api; requires some.lib; provides ppacer.api.DagSource with needy.Dags; }",
                "needy/Dags.java", "package needy; public final class Dags implements ppacer.api.DagSource {"
                        + " public java.util.List<ppacer.api.Dag> dags() { return java.util.List.of(); } }"), lib));
        bad.put("it is not a jar", "this is not a zip file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> b : bad.entrySet()) {
            ApiHarness.Answer a = upload("bad", b.getValue());
            assertEquals(422, a.status(), b.getKey() + ": " + a.body());
            assertTrue(a.error().contains("Bundle 'bad'"), "names the bundle: " + a.error());
            assertTrue(a.error().contains(b.getKey()), "names the cause '" + b.getKey() + "': " + a.error());
        }
        ApiHarness.Answer empty = upload("bad", new byte[0]);
        assertEquals(400, empty.status(), empty.body());
        assertTrue(empty.error().contains("no body"), empty.error());
        ApiHarness.Answer huge = upload("bad", new byte[(int) MAX_JAR + 1]);
        assertEquals(413, huge.status(), huge.body());
        assertTrue(huge.error().contains("exceeds the limit of " + MAX_JAR + " bytes"), huge.error());
        ApiHarness.Answer noName = api.send(HttpRequest.newBuilder(api.uri("/bundles")).POST(
                HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})), TOKEN);
        assertEquals(400, noName.status(), noName.body());
        assertEquals("name", noName.field());
        ApiHarness.Answer badName = upload("bad%20name", new byte[] {1});
        assertEquals(400, badName.status(), badName.body());
        assertTrue(badName.error().contains("'bad name' is invalid"), badName.error());
        ApiHarness.Answer json = api.post("/bundles?name=x", "{}", TOKEN);
        assertEquals(415, json.status(), json.body());

        assertEquals(before, api.scheduler.store().bundles().list(), "nothing stored");
        assertEquals(files, contentFiles(), "no jar kept");
        assertEquals(audits, audit().size(), "no audit row for a refused bundle");
    }

    @Test
    void a_scheduler_without_a_deployer_lists_and_refuses_deploys_with_404() throws IOException {
        try (ApiHarness plain = new ApiHarness(Files.createDirectories(dir.resolve("plain")), RoleMatrixTest.registry(), RoleMatrixTest.config(false))) {
            ApiHarness.Answer list = plain.get("/bundles");
            assertEquals(200, list.status(), list.body());
            assertFalse(list.json().get("enabled").asBoolean());
            ApiHarness.Answer deploy = plain.send(HttpRequest.newBuilder(plain.uri("/bundles?name=x"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})), TOKEN);
            assertEquals(404, deploy.status(), deploy.body());
            assertTrue(deploy.error().contains("takes no DAG bundle deploys"), deploy.error());
        }
    }
}
