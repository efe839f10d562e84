package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.concurrent.Backoff;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;
import ppacer.exec.client.SchedulerClientException;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/** Log batches carry the executor's id: a real executor over HTTP sends it, and the server checks it. */
class LogBatchExecutorTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b")));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("chain").root(a).build(),
                Dag.builder("single").root(Node.of(tasks.ok("only"))).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void a_real_executors_log_batches_carry_its_id_and_are_stored() {
        Queue<TaskLogBatch> sent = new ConcurrentLinkedQueue<>();
        SchedulerLink http = SchedulerLink.http(SchedulerClient.create(api.server.uri(), Optional.empty(),
                Duration.ofSeconds(10)));
        SchedulerLink recording = new SchedulerLink() {
            @Override
            public List<TaskToExec> take(String executorId, Duration wait, int max) {
                return http.take(executorId, wait, max);
            }

            @Override
            public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
                return http.reportAndTake(status, executorId, max);
            }

            @Override
            public HeartbeatAck heartbeat(Heartbeat heartbeat) {
                return http.heartbeat(heartbeat);
            }

            @Override
            public void logs(TaskLogBatch batch) {
                http.logs(batch);
                sent.add(batch);
            }
        };
        Executor executor = Executor.create(api.scheduler.registry(), recording, ExecutorConfig.builder()
                .executorId("exec-logs-1").longPollWait(Duration.ofMillis(500))
                .backoff(() -> Backoff.fixed(Duration.ofMillis(50))).build()).start();
        try {
            long runId = api.scheduler.trigger("chain", "{}");
            Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                    == DagRunStatus.SUCCESS, () -> "run " + runId);
            Await.until(Duration.ofSeconds(30), () -> api.scheduler.store().taskLogs()
                    .read(new AttemptKey(runId, "b", 0), 0, 10).total() > 0, () -> "b's log record");
            assertEquals(1, api.scheduler.store().taskLogs().read(new AttemptKey(runId, "a", 0), 0, 10).total());
        } finally {
            executor.close();
        }
        assertFalse(sent.isEmpty());
        for (TaskLogBatch b : sent) {
            assertEquals("exec-logs-1", b.executorId(), b.toString());
        }
    }

    @Test
    void a_log_batch_from_another_executor_is_refused_409_through_the_client_and_nothing_is_stored() {
        long runId = api.scheduler.trigger("single", "{}");
        ApiHarness.Answer popped = api.get("/dag/task/pop?waitMs=5000&executorId=e1");
        assertEquals(200, popped.status(), popped.body());
        JsonNode t = popped.json();
        String token = t.get("token").asText();
        AttemptKey key = new AttemptKey(runId, "only", 0);
        SchedulerClient client = SchedulerClient.create(api.server.uri(), Optional.empty(), Duration.ofSeconds(10));
        List<LogLine> line = List.of(new LogLine("2026-12-06T00:00:00Z", "INFO", "x", Map.of()));

        SchedulerClientException e = assertThrows(SchedulerClientException.class,
                () -> client.sendLogs(new TaskLogBatch(runId, "only", 0, token, line, "e2")));
        assertEquals(409, e.status(), e.getMessage());
        assertEquals(Optional.of("executorId"), e.field());
        assertTrue(e.getMessage().contains("'e1'") && e.getMessage().contains("'e2'"), e.getMessage());
        assertEquals(0, api.scheduler.store().taskLogs().read(key, 0, 10).total(), "no foreign record stored");

        client.sendLogs(new TaskLogBatch(runId, "only", 0, token, line, "e1"));
        assertEquals(1, api.scheduler.store().taskLogs().read(key, 0, 10).total());
        client.sendLogs(new TaskLogBatch(runId, "only", 0, token, line)); // an older executor: not checked
        assertEquals(2, api.scheduler.store().taskLogs().read(key, 0, 10).total());
    }
}
