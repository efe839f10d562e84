package ppacer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.concurrent.Backoff;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.TaskToExec;
import ppacer.testkit.Await;

class ExecutorTest {
    private final FakeLink link = new FakeLink();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger counted = new AtomicInteger();
    private Executor executor;
    private final Map<Long, String> traceparents = new java.util.concurrent.ConcurrentHashMap<>();

    private static Task task(String id, ThrowingConsumer body) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext context) throws Exception {
                body.accept(context);
            }
        };
    }

    interface ThrowingConsumer {
        void accept(TaskContext c) throws Exception;
    }

    private DagRegistry registry() {
        Node ok = Node.of(task("ok", c -> c.logger().info("hello from " + c.taskId() + " params " + c.paramsJson())));
        Node boom = Node.of(task("boom", c -> {
            throw new IllegalStateException("kaboom");
        }));
        Node slow = Node.of(task("slow", c -> {
            while (true) {
                Thread.sleep(10_000); // interrupted by the timeout
            }
        }));
        Node busy = Node.of(task("busy", c -> {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(50);
            } finally {
                concurrent.decrementAndGet();
            }
        }));
        Node countedTask = Node.of(task("counted", c -> {
            counted.incrementAndGet();
            Thread.sleep(100); // long enough for a few heartbeats; the test waits for events, not for this
        }));
        Node chatty = Node.of(task("chatty", c -> {
            for (int i = 0; i < 1234; i++) {
                c.logger().info("line " + i);
            }
        }));
        Node longer = Node.of(task("long", c -> {
            long end = System.nanoTime() + 600_000_000L;
            while (System.nanoTime() < end && !c.isCancelled()) {
                Thread.sleep(5);
            }
            c.checkCancelled();
        }));
        Node traced = Node.of(task("traced", c -> traceparents.put(c.runId(), c.traceparent())));
        return DagRegistry.of(Dag.builder("d").root(ok, boom, slow, busy, chatty, longer, countedTask, traced).build());
    }

    private static TaskToExec attempt(String taskId, long timeoutMs) {
        return new TaskToExec("d", "2026-11-27T10:00:00.000001+01:00", taskId, 0, 1, "tok-" + taskId,
                "2026-11-27T10:10:00Z", timeoutMs, Map.of("x", 1));
    }

    private Executor start(ExecutorConfig.Builder config) {
        executor = Executor.create(registry(), link, config.executorId("e1").longPollWait(Duration.ofMillis(20))
                .backoff(() -> Backoff.fixed(Duration.ofMillis(5))).build()).start();
        return executor;
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(60), condition, () -> "waiting for " + what);
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void a_task_that_returns_is_reported_success_after_its_logs() throws Exception {
        start(ExecutorConfig.builder());
        link.queue.add(attempt("ok", 5_000));
        await("report", () -> !link.reports.isEmpty());
        DagRunTaskStatus r = link.reports.getFirst();
        assertEquals("SUCCESS", r.status());
        assertEquals("tok-ok", r.token());
        assertEquals("e1", r.executorId());
        assertEquals(List.of("hello from ok params {\"x\":1}"), link.logs.stream().map(l -> l.message()).toList());
    }

    @Test
    void without_tracing_a_task_gets_the_attempts_trace_context_as_handed_out_and_an_empty_one_without() throws Exception {
        start(ExecutorConfig.builder()); // Tracing.OFF: no execution span, the context is passed on
        String handedOut = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        link.queue.add(new TaskToExec("d", "2026-11-27T10:00:00Z", "traced", 0, 1, "tok-1", "2026-11-27T10:10:00Z",
                5_000, Map.of(), Map.of(), 1024, null, null, handedOut));
        link.queue.add(new TaskToExec("d", "2026-11-27T10:00:00Z", "traced", 0, 2, "tok-2", "2026-11-27T10:10:00Z",
                5_000, Map.of()));
        await("2 reports", () -> link.reports.size() == 2);
        assertEquals(Map.of(1L, handedOut, 2L, ""), traceparents);
    }

    @Test
    void finished_attempts_leave_no_timeout_behind_in_the_timer() throws Exception {
        start(ExecutorConfig.builder());
        for (int i = 0; i < 200; i++) {
            link.queue.add(new TaskToExec("d", "2026-11-27T10:00:00Z", "ok", i, 1, "tok-" + i, "2026-11-27T10:10:00Z",
                    600_000, Map.of()));
        }
        await("200 reports", () -> link.reports.size() == 200);
        // only the heartbeat and log-flush tasks stay queued, not a 10-minute timeout per finished attempt
        await("timeouts dropped", () -> executor.timeoutsQueued() == 0);
    }

    @Test
    void an_exception_is_reported_failed_with_its_stack_trace() throws Exception {
        start(ExecutorConfig.builder());
        link.queue.add(attempt("boom", 5_000));
        await("report", () -> !link.reports.isEmpty());
        DagRunTaskStatus r = link.reports.getFirst();
        assertEquals("FAILED", r.status());
        assertTrue(r.taskError().startsWith("java.lang.IllegalStateException: kaboom"), r.taskError());
        assertTrue(r.taskError().contains("at ppacer.exec"), r.taskError());
    }

    @Test
    void a_task_over_its_timeout_is_interrupted_and_reported_failed() throws Exception {
        start(ExecutorConfig.builder());
        link.queue.add(attempt("slow", 100));
        await("report", () -> !link.reports.isEmpty());
        assertEquals("FAILED", link.reports.getFirst().status());
        assertEquals("Task 'slow' timed out after PT0.1S", link.reports.getFirst().taskError());
        await("thread to end", () -> executor.running() == 0);
        assertEquals(1, link.reports.size(), "exactly one report");
    }

    @Test
    void a_task_unknown_to_the_registry_is_reported_failed_so_its_run_does_not_hang() throws Exception {
        start(ExecutorConfig.builder());
        link.queue.add(attempt("nope", 5_000));
        await("report", () -> !link.reports.isEmpty());
        assertEquals("FAILED", link.reports.getFirst().status());
        assertTrue(link.reports.getFirst().taskError().contains("has no task 'nope' of DAG 'd'"));
    }

    @Test
    void concurrency_is_capped() throws Exception {
        start(ExecutorConfig.builder().maxConcurrency(3));
        for (int i = 0; i < 30; i++) {
            link.queue.add(new TaskToExec("d", "2026-11-27T10:00:00Z", "busy", i, 1, "t", "x", 5_000, Map.of()));
        }
        await("30 reports", () -> link.reports.size() == 30);
        assertTrue(maxConcurrent.get() <= 3, "max concurrent " + maxConcurrent.get());
        assertTrue(maxConcurrent.get() >= 2, "ran in parallel: " + maxConcurrent.get());
    }

    @Test
    void logs_are_shipped_in_batches_in_order() throws Exception {
        start(ExecutorConfig.builder().logBatchSize(100));
        link.queue.add(attempt("chatty", 5_000));
        await("report", () -> !link.reports.isEmpty());
        assertEquals(1234, link.logs.size());
        for (int i = 0; i < 1234; i++) {
            assertEquals("line " + i, link.logs.get(i).message());
        }
        assertTrue(link.logBatches.get() >= 13, "batches: " + link.logBatches.get());
        assertEquals(List.of("e1"), link.logBatchExecutors.stream().distinct().toList(), "every batch names its executor");
    }

    @Test
    void the_loop_survives_a_scheduler_outage_and_reports_are_retried() throws Exception {
        link.down = true;
        start(ExecutorConfig.builder());
        await("several failed polls", () -> link.takeCalls.get() > 5);
        link.down = false;
        link.queue.add(attempt("long", 5_000));
        await("task running", () -> executor.running() == 1);
        link.down = true;
        int before = link.takeCalls.get();
        await("more failed polls during the outage", () -> link.takeCalls.get() > before + 3);
        link.down = false;
        await("report after the outage", () -> link.reports.size() == 1);
        assertEquals("SUCCESS", link.reports.getFirst().status());
    }

    @ParameterizedTest(name = "reports batched: {0}")
    @ValueSource(booleans = {false, true})
    void every_thread_survives_any_exception_and_the_report_is_retried_until_acknowledged(boolean batched)
            throws Exception {
        link.batches = batched;
        link.breakTakes.set(5);
        start(ExecutorConfig.builder().heartbeatInterval(Duration.ofMillis(20)));
        await("the failed polls", () -> link.breakTakes.get() == 0);
        link.breakReports.set(4);
        link.breakHeartbeats.set(3);
        link.queue.add(attempt("counted", 5_000));
        await("the report, acknowledged after the failures", () -> link.reports.size() == 1);
        assertEquals(0, link.breakReports.get(), "every failing report call was made");
        link.queue.add(attempt("ok", 5_000));
        await("the loop still polls and runs the next task", () -> link.reports.size() == 2);
        executor.close();
        assertEquals(List.of("counted", "ok"), link.reports.stream().map(DagRunTaskStatus::taskId).toList());
        assertEquals("SUCCESS", link.reports.getFirst().status());
        assertEquals(1, counted.get(), "the task ran once");
    }

    @Test
    void heartbeats_extend_long_attempts_and_a_refused_one_cancels_the_attempt() throws Exception {
        start(ExecutorConfig.builder().heartbeatInterval(Duration.ofMillis(40)));
        link.queue.add(attempt("long", 5_000));
        await("heartbeats", () -> link.heartbeats.size() >= 2);
        assertEquals("tok-long", link.heartbeats.getFirst().token());
        link.refuseHeartbeatsWith = LinkException.Kind.CONFLICT;
        await("cancelled after the lease was lost", () -> executor.running() == 0);
        assertEquals(List.of(), link.reports, "no report for a lost attempt");
    }

    @Test
    void a_refused_report_is_not_retried() throws Exception {
        link.refuseReportsWith = LinkException.Kind.CONFLICT;
        start(ExecutorConfig.builder());
        link.queue.add(attempt("ok", 5_000));
        await("the refusal", () -> link.refusedReports.get() == 1);
        link.refuseReportsWith = null;
        link.queue.add(attempt("boom", 5_000));
        await("next report", () -> link.reports.size() == 1);
        assertEquals("boom", link.reports.getFirst().taskId());
        assertEquals(1, link.refusedReports.get(), "the refused report was not retried");
    }
}
