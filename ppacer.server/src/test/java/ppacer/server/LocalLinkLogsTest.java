package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.exec.LinkException;
import ppacer.exec.SchedulerLink;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/** The in-process link checks a log batch as the HTTP API does: its attempt, token and executor. */
class LocalLinkLogsTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Scheduler start() {
        return Scheduler.start(SchedulerConfig.builder(DagRegistry.of(Dag.builder("single")
                .root(Node.of(tasks.ok("only"))).build())).storeUrl("jdbc:sqlite:" + dir.resolve("local.db"))
                .stopTimeout(Duration.ofSeconds(2)).build());
    }

    @Test
    void a_batch_of_another_executor_or_token_is_refused_as_a_conflict_and_nothing_is_stored() {
        try (Scheduler s = start()) {
            SchedulerLink link = LocalSchedulerLink.of(s);
            long runId = s.trigger("single", "{}");
            TaskToExec t = link.take("e1", Duration.ofSeconds(10), 1).getFirst();
            AttemptKey key = new AttemptKey(runId, "only", 0);
            List<LogLine> line = List.of(new LogLine("2026-12-06T00:00:00Z", "INFO", "x", Map.of()));

            LinkException foreign = assertThrows(LinkException.class,
                    () -> link.logs(new TaskLogBatch(runId, "only", 0, t.token(), line, "e2")));
            assertEquals(LinkException.Kind.CONFLICT, foreign.kind(), foreign.getMessage());
            assertTrue(foreign.getMessage().contains("'e1'") && foreign.getMessage().contains("'e2'"),
                    foreign.getMessage());
            LinkException stale = assertThrows(LinkException.class,
                    () -> link.logs(new TaskLogBatch(runId, "only", 0, "not-the-token", line, "e1")));
            assertEquals(LinkException.Kind.CONFLICT, stale.kind(), stale.getMessage());
            LinkException unknown = assertThrows(LinkException.class,
                    () -> link.logs(new TaskLogBatch(runId, "only", 7, t.token(), line, "e1")));
            assertEquals(LinkException.Kind.REFUSED, unknown.kind(), unknown.getMessage());
            assertEquals(0, s.store().taskLogs().read(key, 0, 10).total(), "nothing stored");

            link.logs(new TaskLogBatch(runId, "only", 0, t.token(), line, "e1"));
            link.logs(new TaskLogBatch(runId, "only", 0, t.token(), line));
            assertEquals(2, s.store().taskLogs().read(key, 0, 10).total());
        }
    }

    @Test
    void the_in_process_executors_batches_pass_the_check_with_its_own_id() {
        try (Scheduler s = start(); InProcessWorker w = InProcessWorker.start(s, WorkerConfig.defaults())) {
            long runId = s.trigger("single", "{}");
            Await.until(Duration.ofSeconds(60), () -> s.store().dagRuns().find(runId).orElseThrow().status()
                    == DagRunStatus.SUCCESS, () -> "run " + runId);
            Await.until(Duration.ofSeconds(30), () -> s.store().taskLogs().read(new AttemptKey(runId, "only", 0), 0, 10)
                    .total() == 1, () -> "the task's log record");
            assertTrue(w.completed() >= 1);
        }
    }
}
