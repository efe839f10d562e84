package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
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
 * Dynamic task mapping with real tasks: list files, load each (an instance reads its typed item and
 * index), summarise (reads the instances' outputs as a list), through the embedded executor and
 * through an executor over HTTP.
 */
class MappingEndToEndTest {
    /** One file to load. */
    public record FileRef(String name, int size) {
    }

    @TempDir
    Path dir;
    private ApiHarness api;
    private final Map<String, String> seen = new ConcurrentHashMap<>();

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
        Node list = Node.of(task("list_files", ctx -> {
            ctx.output(List.of(new FileRef("a.csv", 10), new FileRef("b.csv", 20), new FileRef("c.csv", 30)));
            String notMapped;
            try {
                ctx.mapItem(String.class);
                notMapped = "no error";
            } catch (TaskOutputException e) {
                notMapped = e.getMessage();
            }
            seen.put(ctx.runId() + " list_files", ctx.mapIndex() + " | " + notMapped);
        }));
        Node load = Node.of(task("load", ctx -> {
            FileRef f = ctx.mapItem(FileRef.class);
            seen.put(ctx.runId() + " " + ctx.taskId(), ctx.mapIndex().getAsInt() + " " + f.name());
            ctx.output(f.size() * 2);
        })).mapOver("list_files");
        Node summarise = Node.of(task("summarise", ctx -> {
            List<Integer> sizes = ctx.inputList("load", Integer.class);
            seen.put(ctx.runId() + " summarise", sizes.toString());
        }));
        list.then(load).then(summarise);
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("fan_out").root(list).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void awaitSuccess(long runId) {
        Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().dagRuns().find(runId).orElseThrow().status()
                == DagRunStatus.SUCCESS, () -> "run " + runId + ": " + api.scheduler.store().attempts().latest(runId));
    }

    private Map<String, String> seenIn(long runId) {
        Map<String, String> out = new TreeMap<>();
        seen.forEach((k, v) -> {
            if (k.startsWith(runId + " ")) {
                out.put(k.substring(k.indexOf(' ') + 1), v);
            }
        });
        return out;
    }

    private static Map<String, String> expected() {
        return Map.of("list_files", "OptionalInt.empty | Task 'list_files' is not an instance of a mapped task: mapItem is"
                        + " for the instances of a task declared with Node.mapOver or Node.mapOverItems",
                "load[0]", "0 a.csv", "load[1]", "1 b.csv", "load[2]", "2 c.csv", "summarise", "[20, 40, 60]");
    }

    @Test
    void each_instance_gets_its_item_through_the_embedded_executor_and_over_http() {
        InProcessWorker embedded = InProcessWorker.start(api.scheduler, WorkerConfig.defaults()
                .withPollTimeout(Duration.ofMillis(200)));
        long first;
        try {
            first = api.scheduler.trigger("fan_out", "{}");
            awaitSuccess(first);
        } finally {
            embedded.stop(Duration.ofSeconds(5));
        }
        assertEquals(expected(), seenIn(first));

        Executor remote = Executor.create(api.scheduler.registry(), SchedulerLink.http(SchedulerClient.create(
                api.server.uri(), Optional.empty(), Duration.ofSeconds(10))), ExecutorConfig.builder()
                .executorId("remote-1").longPollWait(Duration.ofMillis(500))
                .backoff(() -> Backoff.fixed(Duration.ofMillis(50))).build()).start();
        long second;
        try {
            second = api.scheduler.trigger("fan_out", "{}");
            awaitSuccess(second);
        } finally {
            remote.close();
        }
        assertEquals(expected(), seenIn(second));
        assertEquals(List.of("list_files", "load[0]", "load[1]", "load[2]", "summarise"), api.scheduler.store().attempts()
                .latest(second).stream().map(a -> a.key().taskId()).toList());

        ApiHarness.Answer details = api.get("/dagruns/" + second);
        assertEquals(200, details.status(), details.body());
        List<String> listed = new java.util.ArrayList<>();
        details.json().get("tasks").forEach(t -> listed.add(t.get("taskId").asText() + " " + (t.hasNonNull("status") ? t.get("status").asText() : "null")));
        assertEquals(List.of("list_files SUCCESS", "load null", "load[0] SUCCESS", "load[1] SUCCESS", "load[2] SUCCESS",
                "summarise SUCCESS"), listed, "the run lists the instances after their mapped task");
        ApiHarness.Answer output = api.get("/dagruns/" + second + "/tasks/load%5B1%5D/output");
        assertEquals(200, output.status(), output.body());
        assertEquals("40", output.json().get("output").get("text").asText(), output.body());
        assertEquals(404, api.get("/dagruns/" + second + "/tasks/load%5Bx%5D/output").status());
    }

    @Test
    void the_dag_details_say_which_task_is_mapped_over_what() {
        ApiHarness.Answer details = api.get("/dags/fan_out");
        assertEquals(200, details.status(), details.body());
        Map<String, String> mapping = new TreeMap<>();
        details.json().get("taskList").forEach(t -> mapping.put(t.get("taskId").asText(), t.hasNonNull("mapping")
                ? t.get("mapping").get("parent").asText() + " " + t.get("mapping").get("literalItems").asInt() + " "
                + t.get("mapping").get("maxActiveInstances").asInt() : "not mapped"));
        assertEquals(Map.of("list_files", "not mapped", "load", "list_files 0 0", "summarise", "not mapped"), mapping,
                details.body());
    }
}
