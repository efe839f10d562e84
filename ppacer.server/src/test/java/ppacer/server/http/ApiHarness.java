package ppacer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.Bundles;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** A real scheduler on a SQLite file behind a real Helidon server on a free port, and a raw client. */
final class ApiHarness implements AutoCloseable {
    /** The scheduler's output limit here: a report carrying it fits the 64 KiB body limit of the harness. */
    static final int MAX_OUTPUT = 16 * 1024;
    final Scheduler scheduler;
    final SchedulerServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Optional<Store> opened;

    record Answer(int status, String body, JsonNode json) {
        String error() {
            return json == null || json.get("error") == null ? null : json.get("error").asText();
        }

        String field() {
            return json == null || json.get("field") == null || json.get("field").isNull() ? null
                    : json.get("field").asText();
        }
    }

    ApiHarness(Path dir, DagRegistry registry, Optional<String> token, boolean protectReads) {
        this(dir, registry, ServerConfig.defaults().withToken(token, protectReads));
    }

    /** With the given server settings (port 0 and a 64 KiB body limit are set here). */
    ApiHarness(Path dir, DagRegistry registry, ServerConfig config) {
        scheduler = Scheduler.start(SchedulerConfig.builder(registry).storeUrl("jdbc:sqlite:" + dir.resolve("api.db"))
                .stopTimeout(Duration.ofSeconds(2)).maxOutputBytes(MAX_OUTPUT).build());
        server = SchedulerServer.start(scheduler, config.withPort(0).withMaxBodyBytes(64 * 1024));
        opened = Optional.empty();
    }

    /** With the given server settings and scheduler settings changed by {@code custom}. */
    ApiHarness(Path dir, DagRegistry registry, ServerConfig config,
               java.util.function.UnaryOperator<SchedulerConfig.Builder> custom) {
        scheduler = Scheduler.start(custom.apply(SchedulerConfig.builder(registry).storeUrl("jdbc:sqlite:"
                + dir.resolve("api.db")).stopTimeout(Duration.ofSeconds(2)).maxOutputBytes(MAX_OUTPUT)).build());
        server = SchedulerServer.start(scheduler, config.withPort(0).withMaxBodyBytes(64 * 1024));
        opened = Optional.empty();
    }

    /**
     * With the given server settings and the {@code /bundles} endpoints served by a deployer of the
     * scheduler's store, its jars in {@code bundleDir}, accepting jars up to {@code maxJarBytes}.
     */
    ApiHarness(Path dir, DagRegistry registry, ServerConfig config, Path bundleDir, long maxJarBytes) {
        scheduler = Scheduler.start(SchedulerConfig.builder(registry).storeUrl("jdbc:sqlite:" + dir.resolve("api.db"))
                .stopTimeout(Duration.ofSeconds(2)).maxOutputBytes(MAX_OUTPUT).build());
        BundleLoader loader = new BundleLoader();
        BundleDeployer deployer = new BundleDeployer(bundleDir, new Bundles(registry, loader), loader,
                scheduler.store().bundles(), scheduler.clock());
        server = SchedulerServer.start(scheduler, config.withPort(0).withMaxBodyBytes(64 * 1024)
                .withBundleApi(new ServerConfig.BundleApi(deployer, maxJarBytes)));
        opened = Optional.empty();
    }

    /** With default server settings and the scheduler on the given clock. */
    ApiHarness(Path dir, DagRegistry registry, java.time.InstantSource clock) {
        scheduler = Scheduler.start(SchedulerConfig.builder(registry).storeUrl("jdbc:sqlite:" + dir.resolve("api.db"))
                .clock(clock).stopTimeout(Duration.ofSeconds(2)).maxOutputBytes(MAX_OUTPUT).build());
        server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0).withMaxBodyBytes(64 * 1024));
        opened = Optional.empty();
    }

    /**
     * With default server settings and the SQLite store opened here and wrapped (a test double, or
     * as it is); the store is closed with the harness.
     */
    ApiHarness(Path dir, DagRegistry registry, UnaryOperator<Store> wrap) {
        Store real = Stores.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("api.db"), Map.of(), Clock.systemUTC()));
        opened = Optional.of(real);
        scheduler = Scheduler.start(SchedulerConfig.builder(registry).store(wrap.apply(real))
                .stopTimeout(Duration.ofSeconds(2)).maxOutputBytes(MAX_OUTPUT).build());
        server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0).withMaxBodyBytes(64 * 1024));
    }

    /**
     * Triggers a run of a DAG and takes its first task as executor {@code e1}.
     *
     * @param dagId the DAG
     * @return the task handed out
     */
    JsonNode triggerAndTake(String dagId) {
        Answer t = post("/dag/run/trigger", "{\"dagId\":\"" + dagId + "\"}");
        org.junit.jupiter.api.Assertions.assertEquals(200, t.status(), t.body());
        Answer r = get("/dag/task/pop?waitMs=5000&executorId=e1");
        org.junit.jupiter.api.Assertions.assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /**
     * @param task a task handed out to {@code e1}
     * @param status the reported status
     * @param extra more fields, each starting with a comma, or ""
     * @return the report's JSON body from executor {@code e1}
     */
    static String report(JsonNode task, String status, String extra) {
        return "{\"runId\":" + task.get("runId").asLong() + ",\"taskId\":\"" + task.get("taskId").asText()
                + "\",\"retry\":" + task.get("retry").asInt() + ",\"status\":\"" + status + "\",\"token\":\""
                + task.get("token").asText() + "\",\"executorId\":\"e1\"" + extra + "}";
    }

    URI uri(String path) {
        return URI.create(server.uri() + path);
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), null);
    }

    Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    Answer post(String path, String body, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    Answer send(HttpRequest.Builder b, String token) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.body() != null && !r.body().isEmpty() && r.headers().firstValue("Content-Type")
                    .orElse("").contains("json")) {
                json = JsonBody.MAPPER.readTree(r.body());
            }
            return new Answer(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
        scheduler.close();
        opened.ifPresent(Store::close);
    }
}
