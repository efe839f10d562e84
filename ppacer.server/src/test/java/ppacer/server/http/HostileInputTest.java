package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * 1,000 malformed or hostile requests (bad JSON, wrong types, huge strings, unknown ids, path
 * traversal, deep nesting) all get 4xx answers, none 5xx, and the stored state does not change.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private static final String[] BAD_BODIES = {
        "", "{", "}", "[", "null", "true", "42", "\"text\"", "[1,2,3]", "{\"dagId\":}", "{'dagId':'single'}",
        "{\"dagId\":null}", "{\"dagId\":123}", "{\"dagId\":[\"single\"]}", "{\"dagId\":{\"$ne\":1}}",
        "{\"dagId\":\"../../etc/passwd\"}", "{\"dagId\":\"nope\",\"params\":\"x\"}", "{\"runId\":\"1\"}",
        "{\"runId\":-5}", "{\"runId\":1e400}", "{\"runId\":99999999999999999999999}", "{\"runId\":1.5}",
        "{\"runId\":999999,\"taskId\":\"only\",\"retry\":0,\"status\":\"SUCCESS\",\"token\":\"x\"}",
        "{\"runId\":1,\"taskId\":\"only\",\"retry\":-1,\"status\":\"SUCCESS\",\"token\":\"x\"}",
        "{\"runId\":1,\"taskId\":\"only\",\"retry\":0,\"status\":\"SUCCESS\",\"token\":\"forged\"}",
        "{\"runId\":1,\"taskId\":\"only\",\"retry\":0,\"status\":\"EXPLODED\",\"token\":\"x\"}",
        "{\"runId\":1,\"taskId\":\"only\",\"retry\":0,\"token\":\"forged\",\"records\":[{\"message\":\"x\"}]}",
        "{\"runId\":1,\"taskId\":\"only\",\"retry\":0,\"token\":\"forged\",\"records\":\"no\"}",
        "{\"dagId\":\"single\",\"execTs\":\"yesterday\",\"params\":[]}", "{\"status\":\"SUCCESS\"}", "{\"status\":7}",
        "\u0000\u0001\u0002", "{\"dagId\":\"\\ud800\"}",
        "{\"dagId\":\"single\",\"dagId\":\"single\"}", "{\"dagId\":\"single\"} {\"dagId\":\"single\"}",
        "{\"dagId\":\"single\"}x", "{\"dagId\":\"single\",\"params\":{\"a\":1,\"a\":2}}",
    };

    @Test
    void a_thousand_hostile_requests_get_4xx_and_change_nothing() {
        Tasks tasks = new Tasks();
        Dag single = Dag.builder("single").root(Node.of(tasks.ok("only"))).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(single), Optional.empty(), false)) {
            long runId = api.post("/dag/run/trigger", "{\"dagId\":\"single\"}").json().get("runId").asLong();
            Await.until(Duration.ofSeconds(60), () -> api.get("/dag/task/pop?waitMs=100").status() == 200, () -> "pop");
            // the run is now RUNNING with one attempt handed out: the state the hostile requests must not touch
            String before = snapshot(api);

            SplittableRandom random = new SplittableRandom(20261127);
            List<String> failures = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < 1000; i++) {
                HttpRequest.Builder request = hostile(api, random, runId);
                HttpRequest built = request.build();
                ApiHarness.Answer a = api.send(request, null);
                statuses.merge(a.status(), 1, Integer::sum);
                if (a.status() < 400 || a.status() >= 500) {
                    failures.add(a.status() + " for " + built.method() + " " + built.uri() + ": " + HttpProblem.shown(a.body()));
                } else if (a.status() != 413 && (a.json() == null || a.error() == null)) {
                    failures.add("no JSON error for " + built.method() + " " + built.uri() + ": " + HttpProblem.shown(a.body()));
                }
            }
            assertEquals(List.of(), failures, "statuses: " + statuses);
            assertEquals(before, snapshot(api), "stored state changed");
            assertTrue(statuses.keySet().stream().allMatch(s -> s >= 400 && s < 500), statuses.toString());
            assertEquals(DagRunStatus.RUNNING, api.scheduler.store().dagRuns().find(runId).orElseThrow().status());
        }
    }

    private static String snapshot(ApiHarness api) {
        var store = api.scheduler.store();
        return store.dagRuns().countByStatus() + " " + store.attempts().countByStatus() + " "
                + store.dagRuns().recent(Optional.empty(), Optional.empty(), 100) + " "
                + store.dags().list().stream().map(d -> d.dagId() + ":" + d.paused()).toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder hostile(ApiHarness api, SplittableRandom r, long runId) {
        String[] badIds = {"nope", "..%2F..%2Fetc%2Fpasswd", enc("../../etc/passwd"), enc("<script>"), "%00", enc("a b"),
            "x".repeat(300), enc("'; DROP TABLE dag_runs; --"), "%2e%2e", "-1", enc("ünïcödé")};
        String badId = badIds[r.nextInt(badIds.length)];
        String badNumber = new String[] {"abc", "-1", "99999999999999999999", "1.5", "0x10", enc(" "), "NaN"}[r.nextInt(7)];
        String body = r.nextInt(10) == 0 ? hugeOrDeep(r) : BAD_BODIES[r.nextInt(BAD_BODIES.length)];
        HttpRequest.BodyPublisher p = HttpRequest.BodyPublishers.ofString(body);
        return switch (r.nextInt(14)) {
            case 0 -> post(api, "/dag/run/trigger", p);
            case 1 -> post(api, "/dag/run/restart", p);
            case 2 -> post(api, "/dag/task/update", p);
            case 3 -> post(api, "/dag/task/update-and-pop?waitMs=0", p);
            case 4 -> post(api, "/dag/task/heartbeat", p);
            case 5 -> post(api, "/dag/task/logs", p);
            case 6 -> post(api, "/dag/run/" + (r.nextBoolean() ? badNumber : "999999") + "/task/" + badId + "/mark", p);
            case 7 -> post(api, "/dag/run/" + badNumber + "/task/only/clear?downstream=" + badId, p);
            case 8 -> post(api, "/dags/" + badId + "/pause", p);
            case 9 -> HttpRequest.newBuilder(api.uri("/ui/dagrun/" + badNumber)).GET();
            case 10 -> HttpRequest.newBuilder(api.uri("/ui/dagrun/task/" + runId + "/" + badId + "/" + badNumber)).GET();
            case 11 -> HttpRequest.newBuilder(api.uri("/ui/dagrun/latest/" + badNumber)).GET();
            case 12 -> HttpRequest.newBuilder(api.uri("/dags/" + badId)).GET();
            default -> HttpRequest.newBuilder(api.uri("/dag/task/pop?waitMs=" + badNumber + "&max=" + badNumber)).GET();
        };
    }

    private static HttpRequest.Builder post(ApiHarness api, String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json").POST(body);
    }

    private static String hugeOrDeep(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> "{\"dagId\":\"" + "A".repeat(100_000) + "\"}";
            case 1 -> "[".repeat(5000) + "]".repeat(5000);
            default -> "{\"dagId\":\"single\",\"params\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}";
        };
    }
}
