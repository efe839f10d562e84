package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.DagRunTriggered;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.OutputBody;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskLogRecord;
import ppacer.exec.client.ReportsAnswer;
import ppacer.exec.client.SchedulerClient;
import ppacer.exec.client.SchedulerClientException;
import ppacer.exec.wire.WireJson;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/**
 * The executor's client ({@link SchedulerClient}) against the real routes of a real Helidon server:
 * every message of the protocol makes the round trip (client record → JSON → the server's reading
 * → the scheduler and the store → the server's answer record → JSON → the client's record) and
 * arrives with the values it left with. A new public method of the client fails this test until
 * it is covered here.
 */
class WireRoundTripTest {
    /** The client's public methods this test exercises (besides create/base/close-like plumbing). */
    private static final Set<String> COVERED = Set.of("pop", "update", "updateAndPop", "updateManyAndPop", "heartbeat",
            "sendLogs", "trigger", "restart", "state", "getJson", "postJson", "putJson", "deleteJson", "postBytes", "create", "base",
            "previousOutput", "dagRunStatus");

    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;
    private SchedulerClient client;

    @BeforeEach
    void start() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b")), Node.of(tasks.ok("c")));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("wire").root(a).build()), Optional.empty(), false);
        client = SchedulerClient.create(api.server.uri(), Optional.empty(), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void every_public_method_of_the_client_is_covered() {
        Set<String> methods = Arrays.stream(SchedulerClient.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(COVERED), methods, "add a round trip for each new client method");
    }

    @Test
    void trigger_pop_heartbeat_logs_and_reports_arrive_as_sent() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("day", "2026-12-06");
        params.put("n", 3);
        params.put("nested", Map.of("list", List.of(1, "two", true), "empty", Map.of()));
        DagRunTriggered t = client.trigger("wire", params);
        assertEquals("wire", t.dagId());
        assertEquals(t.runId(), api.scheduler.store().dagRuns().find(t.runId()).orElseThrow().runId());

        List<TaskToExec> first = client.pop("e1", Duration.ofSeconds(10), 5);
        assertEquals(1, first.size(), first::toString);
        TaskToExec root = first.getFirst();
        assertEquals(t.runId(), root.runId());
        assertEquals("a", root.taskId());
        assertEquals(t.execTs(), root.execTs());
        assertEquals(0, root.retry());
        assertEquals(WireJson.mapper().convertValue(params, Map.class), root.params(), "params arrive as triggered");
        assertTrue(Instant.parse(root.leaseDeadline()).isAfter(Instant.now().minusSeconds(60)), root::leaseDeadline);

        HeartbeatAck ack = client.heartbeat(new Heartbeat(root.runId(), root.taskId(), root.retry(), root.token(), "e1"));
        assertFalse(Instant.parse(ack.leaseDeadline()).isBefore(Instant.parse(root.leaseDeadline())),
                "a heartbeat extends the lease: " + ack + " after " + root.leaseDeadline());

        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> attributes = Map.of("rows", 42, "source", "s3://bucket/key", "tags", List.of("a", "b"));
        client.sendLogs(new TaskLogBatch(root.runId(), root.taskId(), root.retry(), root.token(),
                List.of(new LogLine(ts.toString(), "WARN", "half done", attributes),
                        new LogLine(null, null, "no time, no level", Map.of())), "e1"));
        AttemptKey key = new AttemptKey(root.runId(), root.taskId(), root.retry());
        List<TaskLogRecord> stored = api.scheduler.store().taskLogs().read(key, 0, 10).records();
        assertEquals(2, stored.size(), stored::toString);
        assertEquals(ts, stored.get(0).at());
        assertEquals("WARN", stored.get(0).level());
        assertEquals("half done", stored.get(0).message());
        assertEquals(attributes, WireJson.mapper().convertValue(readTree(stored.get(0).attributesJson()), Map.class));
        assertEquals("INFO", stored.get(1).level(), "a line without a level is INFO");

        // one report with an output and a take: the two children come back, each with the output
        DagRunTaskStatus plain = status(root, "SUCCESS", null, root.token());
        TaskOutput out = TaskOutput.json("{\"rows\":[1,2],\"text\":\"zażółć \\\"q\\\"\"}");
        DagRunTaskStatus withOutput = new DagRunTaskStatus(plain.dagId(), plain.execTs(), plain.taskId(), plain.retry(),
                plain.status(), null, plain.runId(), plain.token(), plain.executorId(), null, null, OutputBody.of(out));
        List<TaskToExec> children = client.updateAndPop(withOutput, "e1", Duration.ofSeconds(10), 1);
        assertEquals(Map.of("a", OutputBody.of(out)), children.getFirst().inputs(), "the parent's output arrives as sent");
        assertEquals(Optional.of(out), client.previousOutput("wire", "a", Instant.parse("2999-01-01T00:00:00Z")));
        assertEquals(Optional.empty(), client.previousOutput("wire", "b", Instant.parse("2999-01-01T00:00:00Z")));
        Instant logical = api.scheduler.store().dagRuns().find(root.runId()).orElseThrow().logicalTime();
        assertEquals(Optional.of(ppacer.api.DagRunStatus.RUNNING), client.dagRunStatus("wire", logical));
        assertEquals(Optional.empty(), client.dagRunStatus("wire", Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(1, children.size(), children::toString);
        List<TaskToExec> rest = client.pop("e1", Duration.ofSeconds(10), 5);
        assertEquals(1, rest.size(), rest::toString);
        TaskToExec b = children.getFirst().taskId().equals("b") ? children.getFirst() : rest.getFirst();
        TaskToExec c = b == children.getFirst() ? rest.getFirst() : children.getFirst();
        assertEquals(Set.of("b", "c"), Set.of(b.taskId(), c.taskId()));

        // a batch: one good report, one with a stale token; each gets its own verdict
        ReportsAnswer answer = client.updateManyAndPop(List.of(status(b, "FAILED", "boom", b.token()),
                status(c, "SUCCESS", null, "stale-token")), "e1", 0);
        assertEquals(Optional.empty(), answer.refusals().get(0));
        SchedulerClientException refused = answer.refusals().get(1).orElseThrow();
        assertEquals(409, refused.status());
        assertEquals(Optional.of("token"), refused.field());
        assertEquals(List.of(), answer.tasks());
        assertEquals("boom", api.scheduler.store().attempts().attempts(b.runId(), "b").getFirst().error().orElseThrow());

        client.update(status(c, "SUCCESS", null, c.token()));
        Await.until(Duration.ofSeconds(30), () -> api.scheduler.store().dagRuns().find(t.runId()).orElseThrow().status()
                .isTerminal(), () -> api.scheduler.store().attempts().latest(t.runId()).toString());
        assertEquals(DagRunStatus.FAILED, api.scheduler.store().dagRuns().find(t.runId()).orElseThrow().status());
        assertEquals(TaskStatus.SUCCESS, api.scheduler.store().attempts().attempts(c.runId(), "c").getFirst().status());

        client.restart(t.runId());
        assertEquals("RUNNING", client.state().state());
        assertEquals("leader", client.state().role());
        assertTrue(client.state().epoch() >= 1, client.state()::toString);
        assertTrue(client.getJson("/state").contains("RUNNING"));
        assertTrue(client.postJson("/dags/wire/pause", Map.of()).contains("wire"));
    }

    @Test
    void put_and_delete_arrive_with_their_body_and_errors_come_back_as_the_client_exception() {
        SchedulerClientException put = org.junit.jupiter.api.Assertions.assertThrows(SchedulerClientException.class,
                () -> client.putJson("/pools/nowhere", Map.of("slots", 2)));
        assertEquals(404, put.status(), put::getMessage);
        assertTrue(put.getMessage().contains("Unknown pool 'nowhere'"), put::getMessage);
        SchedulerClientException bad = org.junit.jupiter.api.Assertions.assertThrows(SchedulerClientException.class,
                () -> client.putJson("/pools/nowhere", Map.of("slots", -3)));
        assertEquals(400, bad.status(), bad::getMessage);
        assertEquals(Optional.of("slots"), bad.field(), "the body arrived: its value is judged");
        SchedulerClientException delete = org.junit.jupiter.api.Assertions.assertThrows(SchedulerClientException.class,
                () -> client.deleteJson("/pools/nowhere"));
        assertEquals(404, delete.status(), delete::getMessage);
    }

    @Test
    void posted_bytes_arrive_whole_with_their_content_type() throws Exception {
        Path src = java.nio.file.Files.createDirectories(dir.resolve("src"));
        byte[] jar = java.nio.file.Files.readAllBytes(ppacer.testkit.ModularJars.build(src.resolve("w.jar"),
                ppacer.testkit.ModularJars.dagBundle("w.dags", "w_dag", ""), List.of()));
        java.nio.file.Path own = java.nio.file.Files.createDirectories(dir.resolve("own"));
        try (ApiHarness bundles = new ApiHarness(own, DagRegistry.of(List.of()), ppacer.server.ServerConfig.defaults(),
                own.resolve("bundles"), 1 << 20)) {
            SchedulerClient c = SchedulerClient.create(bundles.server.uri(), Optional.empty(), Duration.ofSeconds(30));
            String answer = c.postBytes("/bundles?name=w", jar, "application/java-archive");
            assertTrue(answer.contains("\"hash\":\"" + ppacer.exec.bundle.BundleHash.of(jar).hex() + "\""),
                    "the scheduler hashed the very bytes sent: " + answer);
            SchedulerClientException type = org.junit.jupiter.api.Assertions.assertThrows(SchedulerClientException.class,
                    () -> c.postBytes("/bundles?name=w", jar, "text/plain"));
            assertEquals(415, type.status(), type::getMessage);
            assertTrue(type.getMessage().contains("'text/plain'"), type::getMessage);
        }
    }

    @Test
    void a_refused_report_arrives_as_the_client_exception_with_status_and_field() {
        DagRunTriggered t = client.trigger("wire", Map.of());
        TaskToExec root = client.pop("e1", Duration.ofSeconds(10), 1).getFirst();
        SchedulerClientException e = org.junit.jupiter.api.Assertions.assertThrows(SchedulerClientException.class,
                () -> client.update(status(root, "SUCCESS", null, "wrong")));
        assertEquals(409, e.status());
        assertEquals(Optional.of("token"), e.field());
        SchedulerClientException bad = org.junit.jupiter.api.Assertions.assertThrows(SchedulerClientException.class,
                () -> client.update(status(root, "DONE", null, root.token())));
        assertEquals(400, bad.status());
        assertEquals(Optional.of("status"), bad.field(), bad.getMessage());
        assertTrue(bad.getMessage().contains("'DONE'"), bad.getMessage());
        assertEquals(t.runId(), root.runId());
    }

    private static DagRunTaskStatus status(TaskToExec t, String status, String error, String token) {
        return new DagRunTaskStatus(t.dagId(), t.execTs(), t.taskId(), t.retry(), status, error, t.runId(), token, "e1");
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return WireJson.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
