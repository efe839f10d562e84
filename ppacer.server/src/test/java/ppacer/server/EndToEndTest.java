package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.testkit.Await;
import ppacer.testkit.Tasks;

/** The scheduler with the in-process worker on a real SQLite file. */
class EndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private Scheduler scheduler;
    private InProcessWorker worker;

    private Scheduler start(Dag... dags) {
        scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(dags)).storeUrl("jdbc:sqlite:" + dir.resolve("x.db"))
                .stopTimeout(Duration.ofSeconds(5)).build());
        worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withConcurrency(32)
                .withPollTimeout(Duration.ofMillis(200)));
        return scheduler;
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        if (scheduler != null) {
            scheduler.close();
            assertEquals(SchedulerState.STOPPED, scheduler.state());
        }
    }

    private DagRunStatus awaitFinished(long runId) {
        Await.until(WAIT, () -> scheduler.store().dagRuns().find(runId).orElseThrow().status().isTerminal(),
                () -> "run " + runId + ": " + scheduler.store().dagRuns().find(runId) + " " + scheduler.stats());
        return scheduler.store().dagRuns().find(runId).orElseThrow().status();
    }

    private Map<String, TaskStatus> latest(long runId) {
        Map<String, TaskStatus> m = new TreeMap<>();
        for (TaskAttemptRecord r : scheduler.store().attempts().latest(runId)) {
            m.put(r.key().taskId(), r.status());
        }
        return m;
    }

    @Test
    void a_single_task_runs_once_and_its_log_is_stored() {
        start(Dag.builder("one").root(Node.of(tasks.ok("t"))).build());
        long run = scheduler.trigger("one", null);
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        assertEquals(1, tasks.count("t"));
        var page = scheduler.store().taskLogs().read(new AttemptKey(run, "t", 0), 0, 10);
        assertEquals("hello from t", page.records().getFirst().message());
    }

    @Test
    void a_chain_of_100_runs_in_order() {
        Node first = Node.of(tasks.ok("c0"));
        Node n = first;
        for (int i = 1; i < 100; i++) {
            n = n.then(Node.of(tasks.ok("c" + i)));
        }
        start(Dag.builder("chain").root(first).build());
        long run = scheduler.trigger("chain", "{}");
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("c" + i + "#0");
        }
        assertEquals(expected, tasks.journal());
    }

    @Test
    void a_fan_out_of_1000_then_a_fan_in_runs_every_task_once() {
        Node root = Node.of(tasks.ok("root"));
        Node join = Node.of(tasks.ok("join"));
        for (int i = 0; i < 1000; i++) {
            root.then(Node.of(tasks.ok("w" + i))).then(join);
        }
        start(Dag.builder("fan").maxActiveTasks(64).root(root).build());
        long run = scheduler.trigger("fan", "{}");
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        assertEquals(1002, tasks.runs().size());
        assertTrue(tasks.runs().values().stream().allMatch(c -> c.get() == 1));
        assertEquals("join#0", tasks.journal().getLast(), "the fan-in waited for every parent");
    }

    @Test
    void failures_are_retried_until_success() {
        start(Dag.builder("retry").root(Node.of(tasks.failing("flaky", 2), TaskConfig.builder().retries(3).build())).build());
        long run = scheduler.trigger("retry", "{}");
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        assertEquals(List.of(TaskStatus.FAILED_PENDING_RETRY, TaskStatus.FAILED_PENDING_RETRY, TaskStatus.SUCCESS),
                scheduler.store().attempts().attempts(run, "flaky").stream().map(TaskAttemptRecord::status).toList());
        assertTrue(scheduler.store().attempts().attempts(run, "flaky").getFirst().error().orElseThrow()
                .contains("IllegalStateException: planned failure 1 of 2"), "stack trace text is stored");
    }

    @Test
    void retries_that_run_out_fail_the_branch_while_the_other_branch_succeeds() {
        Node root = Node.of(tasks.ok("root"));
        Node bad = Node.of(tasks.failing("bad", 5), TaskConfig.builder().retries(1).build());
        Node good = Node.of(tasks.ok("good"));
        root.then(bad, good);
        bad.then(Node.of(tasks.ok("below1"))).then(Node.of(tasks.ok("below2")));
        good.then(Node.of(tasks.ok("good2")));
        start(Dag.builder("branches").root(root).build());
        long run = scheduler.trigger("branches", "{}");
        assertEquals(DagRunStatus.FAILED, awaitFinished(run));
        assertEquals(Map.of("root", TaskStatus.SUCCESS, "bad", TaskStatus.FAILED, "below1", TaskStatus.UPSTREAM_FAILED,
                "below2", TaskStatus.UPSTREAM_FAILED, "good", TaskStatus.SUCCESS, "good2", TaskStatus.SUCCESS), latest(run));
        assertEquals(2, tasks.count("bad"));
        assertEquals(0, tasks.count("below1"));
    }

    @Test
    void a_task_over_its_timeout_is_failed_and_interrupted() {
        // the task would sleep for an hour: only its timeout can end the run within the wait
        start(Dag.builder("slow").root(Node.of(tasks.sleeping("sleepy", Duration.ofHours(1)),
                TaskConfig.builder().timeout(Duration.ofMillis(100)).build())).build());
        long run = scheduler.trigger("slow", "{}");
        assertEquals(DagRunStatus.FAILED, awaitFinished(run));
        TaskAttemptRecord a = scheduler.store().attempts().find(new AttemptKey(run, "sleepy", 0)).orElseThrow();
        assertEquals(Optional.of("Task 'sleepy' timed out after PT0.1S"), a.error());
    }

    @Test
    void trigger_parameters_are_visible_in_the_task_and_bad_input_is_refused() {
        start(Dag.builder("p").root(Node.of(tasks.ok("t"))).build());
        long run = scheduler.trigger("p", "{\"day\":\"2024-05-01\",\"n\":3}");
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        assertEquals("{\"day\":\"2024-05-01\",\"n\":3}", tasks.params().get("t"));
        UnknownIdException unknown = assertThrows(UnknownIdException.class, () -> scheduler.trigger("nope", "{}"));
        assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> scheduler.trigger("p", "[1]"));
        assertTrue(bad.getMessage().contains("'p'"), bad.getMessage());
        assertThrows(UnknownIdException.class, () -> scheduler.restart(987654));
        assertThrows(UnknownIdException.class, () -> scheduler.clearTask(run, "ghost", true));
        assertThrows(InvalidStateException.class, () -> scheduler.restart(run));
    }

    @Test
    void restart_of_a_failed_run_reruns_failed_and_upstream_failed_tasks_only() {
        Node root = Node.of(tasks.ok("root"));
        Node flaky = Node.of(tasks.failing("flaky", 1));
        root.then(flaky).then(Node.of(tasks.ok("after")));
        root.then(Node.of(tasks.ok("side")));
        start(Dag.builder("rs").root(root).build());
        long run = scheduler.trigger("rs", "{}");
        assertEquals(DagRunStatus.FAILED, awaitFinished(run));
        assertEquals(TaskStatus.UPSTREAM_FAILED, latest(run).get("after"));
        scheduler.restart(run);
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        assertEquals(Map.of("root", 1, "flaky", 2, "after", 1, "side", 1), Map.of("root", tasks.count("root"),
                "flaky", tasks.count("flaky"), "after", tasks.count("after"), "side", tasks.count("side")));
        assertEquals(1, scheduler.store().dagRuns().find(run).orElseThrow().restarts());
        List<String> j = tasks.journal();
        assertTrue(j.indexOf("flaky#1") < j.indexOf("after#1"), "the rerun waited for its parent: " + j);
    }

    @Test
    void clear_reruns_a_task_and_its_descendants_and_mark_releases_or_blocks_children() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b"))).then(Node.of(tasks.ok("c")));
        start(Dag.builder("cm").root(a).build());
        long run = scheduler.trigger("cm", "{}");
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        scheduler.clearTask(run, "b", true);
        Await.until(WAIT, () -> tasks.count("c") == 2 && latest(run).get("c") == TaskStatus.SUCCESS, () -> tasks.journal().toString());
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        assertEquals(1, tasks.count("a"));
        assertEquals(2, tasks.count("b"));

        scheduler.markTask(run, "b", TaskStatus.FAILED);
        assertEquals(DagRunStatus.FAILED, awaitFinished(run));
        assertEquals(TaskStatus.FAILED, latest(run).get("b"));
        assertEquals(TaskStatus.SUCCESS, latest(run).get("c"), "a finished child keeps its status");
        scheduler.clearTask(run, "c", false);
        assertEquals(DagRunStatus.FAILED, awaitFinished(run));
        assertEquals(TaskStatus.UPSTREAM_FAILED, latest(run).get("c"), "cleared below a failed task: blocked");
        scheduler.markTask(run, "b", TaskStatus.SUCCESS);
        assertEquals(DagRunStatus.SUCCESS, awaitFinished(run));
        assertEquals(3, tasks.count("c"), "c was released by marking b SUCCESS and ran again");
        assertEquals(2, tasks.count("b"), "marking runs nothing");
        assertThrows(InvalidStateException.class, () -> scheduler.markTask(run, "b", TaskStatus.SUCCESS));
    }
}
