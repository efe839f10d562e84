package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.schedule.Schedule;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.ServerConfig;
import ppacer.testkit.Tasks;

/**
 * Every endpoint x every caller: no key, a key of each role, the {@code --token} key, a revoked key
 * and a wrong key, with reads open and protected. The endpoints are listed from {@link
 * ApiServer#endpoints} itself and must all be in {@link #EXPECTED}: a new endpoint fails here until
 * it is classified. Allowed means the route ran (any answer but 401, 403, 429 or a 5xx); refused means
 * 401 without a valid key and 403 with a key whose role lacks the access.
 */
class RoleMatrixTest {
    static final String LEGACY = "legacy-admin-token";
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    /** What each endpoint needs, written out here, not computed by the code under test. */
    static final Map<String, Access> EXPECTED = Map.ofEntries(
            Map.entry("GET /dag/task/pop", Access.EXECUTE),
            Map.entry("POST /dag/task/update", Access.EXECUTE),
            Map.entry("POST /dag/task/update-and-pop", Access.EXECUTE),
            Map.entry("POST /dag/task/update-many-and-pop", Access.EXECUTE),
            Map.entry("POST /dag/task/heartbeat", Access.EXECUTE),
            Map.entry("POST /dag/task/logs", Access.EXECUTE),
            Map.entry("GET /dag/task/previous-output", Access.EXECUTE),
            Map.entry("GET /dag/task/run-status", Access.EXECUTE),
            Map.entry("POST /dag/run/trigger", Access.OPERATE),
            Map.entry("POST /dag/run/restart", Access.OPERATE),
            Map.entry("POST /dag/run/{runId}/task/{taskId}/clear", Access.OPERATE),
            Map.entry("POST /dag/run/{runId}/task/{taskId}/mark", Access.OPERATE),
            Map.entry("GET /dags", Access.READ),
            Map.entry("GET /dags/{dagId}", Access.READ),
            Map.entry("GET /dags/{dagId}/runs", Access.READ),
            Map.entry("GET /dags/{dagId}/schedule", Access.READ),
            Map.entry("GET /dags/{dagId}/why", Access.READ),
            Map.entry("GET /dags/{dagId}/schedule-events", Access.READ),
            Map.entry("GET /dags/{dagId}/backfills", Access.READ),
            Map.entry("POST /dags/{dagId}/backfills", Access.OPERATE),
            Map.entry("POST /dags/{dagId}/pause", Access.OPERATE),
            Map.entry("POST /dags/{dagId}/unpause", Access.OPERATE),
            Map.entry("POST /dags/{dagId}/runs/batch", Access.OPERATE),
            Map.entry("GET /backfills", Access.READ),
            Map.entry("GET /backfills/{backfillId}", Access.READ),
            Map.entry("POST /backfills/{backfillId}/cancel", Access.OPERATE),
            Map.entry("POST /backfills/{backfillId}/pause", Access.OPERATE),
            Map.entry("POST /backfills/{backfillId}/resume", Access.OPERATE),
            Map.entry("GET /dagruns", Access.READ),
            Map.entry("GET /dagruns/{runId}", Access.READ),
            Map.entry("GET /dagruns/{runId}/restart-plan", Access.READ),
            Map.entry("GET /dagruns/{runId}/why", Access.READ),
            Map.entry("GET /dagruns/{runId}/tasks/{taskId}/why", Access.READ),
            Map.entry("GET /dagruns/{runId}/tasks/{taskId}/output", Access.READ),
            Map.entry("GET /dagruns/{runId}/tasks/{taskId}/attempts/{attempt}", Access.READ),
            Map.entry("GET /dagruns/{runId}/tasks/{taskId}/attempts/{attempt}/output", Access.READ),
            Map.entry("GET /dagruns/{runId}/tasks/{taskId}/attempts/{attempt}/logs", Access.READ),
            Map.entry("GET /ui/dagrun/stats", Access.READ),
            Map.entry("GET /ui/dagrun/latest/{n}", Access.READ),
            Map.entry("GET /ui/dagrun/task/{runId}/{taskId}/{retry}", Access.READ),
            Map.entry("GET /ui/dagrun/{runId}", Access.READ),
            Map.entry("GET /", Access.PUBLIC),
            Map.entry("GET /ui", Access.PUBLIC),
            Map.entry("GET /ui/", Access.PUBLIC),
            Map.entry("GET /ui/assets/*", Access.PUBLIC),
            Map.entry("GET /state", Access.READ),
            Map.entry("GET /executors", Access.READ),
            Map.entry("GET /pools", Access.READ),
            Map.entry("GET /pools/{name}", Access.READ),
            Map.entry("PUT /pools/{name}", Access.ADMIN),
            Map.entry("DELETE /pools/{name}", Access.ADMIN),
            Map.entry("GET /assets", Access.READ),
            // /assets/{name} and /assets/{name}/events: a name may be a URI with slashes
            Map.entry("GET /assets/*", Access.READ),
            Map.entry("POST /assets/*", Access.OPERATE),
            Map.entry("GET /audit", Access.READ),
            Map.entry("POST /maintenance/clean", Access.ADMIN),
            Map.entry("GET /tokens", Access.ADMIN),
            Map.entry("POST /tokens", Access.ADMIN),
            Map.entry("DELETE /tokens/{name}", Access.ADMIN),
            Map.entry("GET /bundles", Access.READ),
            Map.entry("POST /bundles", Access.ADMIN),
            Map.entry("GET /bundles/{hash}", Access.EXECUTE),
            Map.entry("DELETE /bundles/{name}", Access.ADMIN),
            Map.entry("GET /whoami", Access.PUBLIC),
            Map.entry("GET /metrics", Access.READ));
    /** What each role may, written out here, not taken from {@link Role}. */
    static final Map<String, java.util.Set<Access>> GRANTS = Map.of(
            "viewer", java.util.Set.of(Access.READ),
            "operator", java.util.Set.of(Access.READ, Access.OPERATE),
            "admin", java.util.Set.of(Access.READ, Access.OPERATE, Access.ADMIN, Access.EXECUTE),
            "executor", java.util.Set.of(Access.EXECUTE));
    /** Endpoints that never look at a key: the web UI's page and assets. */
    private static final List<String> UNCHECKED = List.of("GET /", "GET /ui", "GET /ui/", "GET /ui/assets/*");

    @TempDir
    Path dir;

    static DagRegistry registry() {
        Tasks tasks = new Tasks();
        return DagRegistry.of(
                Dag.builder("etl_x").schedule(Schedule.every(Duration.ofDays(1), START)).catchUp(false)
                        .root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("other").schedule(Schedule.every(Duration.ofDays(1), START)).catchUp(false)
                        .root(Node.of(tasks.ok("t"))).build());
    }

    static ServerConfig config(boolean protectReads) {
        return ServerConfig.defaults().withToken(Optional.of(LEGACY), protectReads)
                .withAuth(new ServerConfig.Auth(1_000_000, Duration.ofSeconds(5)));
    }

    /** @return the endpoints the server registers, as "METHOD /path" */
    static List<String> registered() {
        List<String> out = new ArrayList<>();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(registry())
                .storeUrl("jdbc:sqlite::memory:").stopTimeout(Duration.ofSeconds(2)).build())) {
            ServerConfig config = ServerConfig.defaults();
            ApiKeys keys = new ApiKeys(scheduler.store().apiKeys(), BearerToken.of(Optional.empty()), scheduler.clock(),
                    System::nanoTime, Duration.ZERO);
            ApiServer.endpoints(new EndpointRecorder(out), scheduler, config, new Times(scheduler.config().zone()),
                    new ApiMetrics(scheduler, Duration.ZERO), keys,
                    new AuthFilter(scheduler, keys, new AuthLimiter(1, System::nanoTime), false));
        }
        return out;
    }

    @Test
    void every_registered_endpoint_is_classified() {
        List<String> registered = registered();
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(registered),
                "every endpoint of the routing must have its expected access in EXPECTED, and no more");
        assertEquals(registered.size(), new TreeSet<>(registered).size(), "no endpoint twice: " + registered);
        for (String e : registered) {
            String[] mp = e.split(" ", 2);
            assertEquals(EXPECTED.get(e), AuthFilter.access(io.helidon.http.Method.create(mp[0]), mp[1]),
                    "the filter's access for " + e);
        }
    }

    @Test
    void every_endpoint_times_every_caller_with_reads_open() {
        matrix(false);
    }

    @Test
    void every_endpoint_times_every_caller_with_reads_protected() {
        matrix(true);
    }

    private void matrix(boolean protectReads) {
        try (ApiHarness api = new ApiHarness(dir, registry(), config(protectReads))) {
            Map<String, String> keys = new LinkedHashMap<>();
            for (String role : List.of("viewer", "operator", "admin", "executor")) {
                keys.put(role, create(api, "k-" + role, role));
            }
            assertEquals(GRANTS.keySet(), java.util.Arrays.stream(Role.values()).map(Role::id)
                    .collect(java.util.stream.Collectors.toSet()), "every role is in the matrix");
            keys.put("token", LEGACY);
            String revoked = create(api, "gone", "admin");
            assertEquals(200, api.send(HttpRequest.newBuilder(api.uri("/tokens/gone")).DELETE(), LEGACY).status());
            keys.put("revoked", revoked);
            keys.put("wrong", revoked.substring(0, revoked.length() - 4) + "AAAA");
            keys.put("garbage", "not-a-key");
            keys.put("none", null);
            ApiHarness.Answer t = api.post("/dag/run/trigger", "{\"dagId\":\"etl_x\"}", LEGACY);
            assertEquals(200, t.status(), t.body());
            long run = t.json().get("runId").asLong();
            ApiHarness.Answer b = api.post("/dags/etl_x/backfills", "{\"from\":\"2024-01-01\",\"to\":\"2024-01-03\"}", LEGACY);
            assertEquals(200, b.status(), b.body());
            long backfill = b.json().get("id").asLong();
            List<String> failures = new ArrayList<>();
            for (String endpoint : registered()) {
                Access access = EXPECTED.get(endpoint);
                String[] mp = endpoint.split(" ", 2);
                String path = concrete(mp[1], run, backfill);
                for (Map.Entry<String, String> caller : keys.entrySet()) {
                    ApiHarness.Answer a = call(api, mp[0], path, caller.getValue());
                    int expected = expected(endpoint, access, caller.getKey(), protectReads);
                    boolean ok = expected == 200 ? a.status() != 401 && a.status() != 403 && a.status() != 429
                            && a.status() < 500 : a.status() == expected;
                    if (!ok) {
                        failures.add(endpoint + " as " + caller.getKey() + ": expected " + (expected == 200 ? "allowed"
                                : expected) + ", got " + a.status() + " " + a.body());
                    }
                }
            }
            assertEquals(List.of(), failures, "protectReads=" + protectReads);
            assertEquals(200, api.get("/health").status(), "health needs no key");
            assertEquals(200, api.get("/health", "not-a-key").status(), "health ignores keys");
        }
    }

    /** @return 200 for allowed, else the refusal's status */
    private static int expected(String endpoint, Access access, String caller, boolean protectReads) {
        if (UNCHECKED.contains(endpoint)) {
            return 200;
        }
        boolean noKeyNeeded = access == Access.PUBLIC || (access == Access.READ && !protectReads);
        return switch (caller) {
            case "none" -> noKeyNeeded ? 200 : 401;
            case "revoked", "wrong", "garbage" -> 401;
            case "token" -> 200;
            default -> noKeyNeeded || GRANTS.get(caller).contains(access) ? 200 : 403;
        };
    }

    private static String concrete(String template, long run, long backfill) {
        String p = template.replace("{dagId}", "etl_x").replace("{runId}", Long.toString(run)).replace("{taskId}", "t")
                .replace("{attempt}", "0").replace("{retry}", "0").replace("{backfillId}", Long.toString(backfill))
                .replace("{n}", "5").replace("/ui/assets/*", "/ui/assets/app.css");
        if (p.equals("/assets/*")) {
            p = "/assets/s3://bucket/orders/events";
        }
        if (p.startsWith("/pools/")) {
            p = p.replace("{name}", "warehouse");
        }
        if (p.startsWith("/tokens/")) {
            p = p.replace("{name}", "nobody");
        }
        if (p.startsWith("/bundles/")) {
            p = p.replace("{name}", "nobody").replace("{hash}", "0".repeat(64));
        }
        return p.equals("/dag/task/pop") ? p + "?waitMs=0&executorId=matrix" : p;
    }

    private static ApiHarness.Answer call(ApiHarness api, String method, String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json");
        b = switch (method) {
            case "GET" -> b.GET();
            case "DELETE" -> b.DELETE();
            default -> b.method(method, HttpRequest.BodyPublishers.ofString("{}"));
        };
        return api.send(b, key);
    }

    /**
     * Creates a key through the API with the {@code --token} key.
     *
     * @return the key's secret
     */
    static String create(ApiHarness api, String name, String role) {
        ApiHarness.Answer a = api.post("/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}", LEGACY);
        assertEquals(200, a.status(), a.body());
        String key = a.json().get("key").asText();
        assertTrue(key.startsWith("ppk_"), key);
        assertFalse(a.json().has("hash"), a.body());
        return key;
    }
}
