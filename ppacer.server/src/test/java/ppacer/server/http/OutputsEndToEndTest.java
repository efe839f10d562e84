package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;
import ppacer.api.concurrent.Backoff;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;
import ppacer.server.InProcessWorker;
import ppacer.server.WorkerConfig;
import ppacer.testkit.Await;

/**
 * Task outputs between real tasks: a record, a list and bytes flow from parents to a child through
 * the embedded executor and through an executor over HTTP; a retried parent's output is that of its
 * successful attempt; the child reads the output it stored in the previous run; asking for a task
 * that is not a parent fails with the parents named.
 */
class OutputsEndToEndTest {
    /** What extract outputs (a record, read back typed). */
    public record Batch(List<String> files, int rows) {
    }

    @TempDir
    Path dir;
    private ApiHarness api;
    private final AtomicInteger extractAttempts = new AtomicInteger();
    private final Map<Long, String> seen = new ConcurrentHashMap<>();

    private static Task task(String id, java.util.function.Consumer<TaskContext> body) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext ctx) {
                body.accept(ctx);
            }
        };
    }

    @BeforeEach
    void start() {
        Node extract = Node.of(task("extract", ctx -> {
            ctx.output(new Batch(List.of("a.csv"), -1)); // discarded: this attempt fails
            if (extractAttempts.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("first attempt of each run fails");
            }
            ctx.output(new Batch(List.of("a.csv", "b.csv"), 40 + (int) ctx.runId()));
        }), TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(Duration.ofMillis(10))).build());
        Node numbers = Node.of(task("numbers", ctx -> ctx.output(List.of(1, 2, 3))));
        Node blob = Node.of(task("blob", ctx -> {
            byte[] b = new byte[256];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) i;
            }
            ctx.output(b, "application/octet-stream");
        }));
        Node quiet = Node.of(task("quiet", ctx -> { }));
        Node sum = Node.of(task("sum", ctx -> {
            Batch batch = ctx.input("extract", Batch.class);
            int total = batch.rows() + ctx.inputList("numbers", Integer.class).stream().mapToInt(Integer::intValue).sum();
            TaskOutput bytes = ctx.rawInput("blob").orElseThrow();
            String notParent;
            try {
                ctx.input("sum", Integer.class);
                notParent = "no error";
            } catch (TaskOutputException e) {
                notParent = e.getMessage();
            }
            String noOutput;
            try {
                ctx.input("quiet", Integer.class);
                noOutput = "no error";
            } catch (TaskOutputException e) {
                noOutput = e.getMessage();
            }
            Optional<Integer> previous = ctx.previousOutput("sum", Integer.class);
            seen.put(ctx.runId(), batch.files() + " " + total + " " + bytes.contentType() + " " + bytes.size() + " "
                    + (bytes.bytes()[255] & 0xff) + " " + ctx.rawInput("quiet") + " previous=" + previous + " | "
                    + notParent + " | " + noOutput);
            ctx.output(total);
        }));
        extract.then(sum);
        numbers.then(sum);
        blob.then(sum);
        quiet.then(sum);
        Dag dag = Dag.builder("outputs").root(extract, numbers, blob, quiet).build();
        api = new ApiHarness(dir, DagRegistry.of(dag), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void awaitSuccess(long runId) {
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.SUCCESS, () -> "run " + runId + ": " + api.scheduler.store().attempts().latest(runId));
    }

    private String expected(long runId, String previous) {
        return "[a.csv, b.csv] " + (40 + runId + 6) + " application/octet-stream 256 255 Optional.empty previous="
                + previous + " | Task 'sum' asked for the output of 'sum', which is not one of its direct parents; "
                + "parents: [extract, numbers, blob, quiet] | Task 'quiet', a parent of 'sum', stored no output in run "
                + runId;
    }

    @Test
    void outputs_flow_through_the_embedded_executor_and_over_http() {
        InProcessWorker embedded = InProcessWorker.start(api.scheduler, WorkerConfig.defaults()
                .withPollTimeout(Duration.ofMillis(200)));
        long first;
        try {
            first = api.scheduler.trigger("outputs", "{}");
            awaitSuccess(first);
        } finally {
            embedded.stop(Duration.ofSeconds(5));
        }
        assertEquals(expected(first, "Optional.empty"), seen.get(first));

        Executor remote = Executor.create(api.scheduler.registry(), SchedulerLink.http(SchedulerClient.create(
                api.server.uri(), Optional.empty(), Duration.ofSeconds(10))), ExecutorConfig.builder()
                .executorId("remote-1").longPollWait(Duration.ofMillis(500))
                .backoff(() -> Backoff.fixed(Duration.ofMillis(50))).build()).start();
        long second;
        try {
            second = api.scheduler.trigger("outputs", "{}");
            awaitSuccess(second);
        } finally {
            remote.close();
        }
        assertEquals(expected(second, "Optional[" + (40 + first + 6) + "]"), seen.get(second));
        assertEquals(2, api.scheduler.store().attempts().attempts(second, "extract").size(), "extract was retried");
        assertEquals(TaskOutput.json("{\"files\":[\"a.csv\",\"b.csv\"],\"rows\":" + (40 + second) + "}"),
                api.scheduler.store().attempts().outputs(second, List.of("extract")).get("extract").output(),
                "the successful attempt's output; the failed attempt's was discarded");
        assertEquals(1, api.scheduler.store().attempts().outputs(second, List.of("extract")).get("extract").key().attempt());
    }
}
