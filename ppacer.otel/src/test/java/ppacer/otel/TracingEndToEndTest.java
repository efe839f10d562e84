package ppacer.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Tracing;
import ppacer.api.spi.TracingConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;

/**
 * Traces across processes: the scheduler and its HTTP API in this JVM, an executor in a child JVM
 * over HTTP, both exporting over OTLP/HTTP to a real endpoint started by the test.
 */
class TracingEndToEndTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    @TempDir
    Path dir;
    private OtlpReceiver receiver;
    private Tracing tracing;
    private Scheduler scheduler;
    private SchedulerServer server;
    private Process executor;

    @AfterEach
    void stop() throws InterruptedException {
        if (executor != null) {
            executor.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
        if (server != null) {
            server.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (tracing != null) {
            tracing.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private Process startExecutor(String schedulerUrl) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            Stream.of(System.getProperty(prop, "").split(File.pathSeparator)).filter(s -> !s.isBlank()).forEach(entries::add);
        }
        List<String> cp = new ArrayList<>(entries.stream().filter(e -> e.endsWith("target" + File.separator + "classes"))
                .map(e -> Path.of(e).resolveSibling("test-classes").toString()).toList());
        cp.addAll(entries);
        Path log = dir.resolve("executor.log");
        Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", String.join(File.pathSeparator, cp), TracedExecutorMain.class.getName(), schedulerUrl,
                receiver.endpoint().toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Await.until(WAIT, () -> read(log).contains("READY") || !p.isAlive(), () -> read(log));
        assertTrue(p.isAlive(), "the executor did not start: " + read(log));
        assertTrue(read(log).contains("READY " + OtelTracing.class.getName()), read(log));
        return p;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void the_executors_spans_are_children_of_the_schedulers_attempt_spans_in_one_trace() throws Exception {
        receiver = new OtlpReceiver();
        tracing = Tracing.open(new TracingConfig(true, receiver.endpoint(), 1.0, "ppacer-scheduler", Duration.ofDays(1)));
        scheduler = Scheduler.start(SchedulerConfig.builder(TracedDags.registry()).storeUrl("jdbc:sqlite:" + dir.resolve("e2e.db"))
                .stopTimeout(Duration.ofSeconds(5)).tracing(tracing).build());
        server = SchedulerServer.start(scheduler, ServerConfig.defaults().withHost("127.0.0.1").withPort(0));
        executor = startExecutor(server.uri().toString());

        long run = scheduler.trigger("e2e_traced", null);
        Await.until(WAIT, () -> scheduler.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                () -> "run " + run + ": " + scheduler.store().dagRuns().find(run));
        assertEquals(DagRunStatus.FAILED, scheduler.store().dagRuns().find(run).orElseThrow().status());

        executor.destroy(); // SIGTERM: the executor's hook closes its tracing, which exports its spans
        assertTrue(executor.waitFor(2, TimeUnit.MINUTES), "the executor did not stop");
        tracing.close(); // the scheduler's spans
        tracing = null;
        Await.until(WAIT, () -> receiver.spans().size() >= 5, () -> "received: " + receiver.spans());

        List<OtlpReceiver.Received> spans = receiver.spans();
        assertEquals(List.of(), receiver.refused());
        assertEquals(5, spans.size(), "a run, 2 attempts, 2 executions: " + spans);
        assertTrue(receiver.requests() >= 2, "one export at least from each process: " + receiver.requests());
        Map<String, OtlpReceiver.Received> byName = spans.stream()
                .collect(Collectors.toMap(OtlpReceiver.Received::name, Function.identity()));
        OtlpReceiver.Received runSpan = byName.get("run e2e_traced");
        assertEquals("ppacer-scheduler", runSpan.service());
        assertEquals("", runSpan.parentSpanId());
        for (String task : List.of("first", "second")) {
            OtlpReceiver.Received attempt = byName.get("attempt e2e_traced." + task);
            OtlpReceiver.Received exec = byName.get("execute e2e_traced." + task);
            assertEquals("ppacer-scheduler", attempt.service());
            assertEquals("ppacer-executor", exec.service());
            assertEquals(runSpan.spanId(), attempt.parentSpanId(), task + "'s attempt is a child of the run");
            assertEquals(attempt.spanId(), exec.parentSpanId(), task + "'s execution is a child of its attempt");
            assertEquals(runSpan.traceId(), exec.traceId());
        }
        String logged = scheduler.store().taskLogs().read(new AttemptKey(run, "first", 0), 0, 10).records().getFirst().message();
        OtlpReceiver.Received firstExec = byName.get("execute e2e_traced.first");
        assertTrue(logged.startsWith("traceparent 00-" + firstExec.traceId() + "-" + firstExec.spanId() + "-"), logged);
    }
}
