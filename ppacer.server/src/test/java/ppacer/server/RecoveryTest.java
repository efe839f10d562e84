package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;
import ppacer.testkit.Await;

import ppacer.testkit.Tasks;

/** A scheduler dropped mid-run (no graceful stop) and a new one on the same file. */
class RecoveryTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Scheduler start(DagRegistry registry) {
        return Scheduler.start(SchedulerConfig.builder(registry).storeUrl(url()).leaseGrace(Duration.ofMillis(300))
                .stopTimeout(Duration.ofSeconds(5)).build());
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("x.db");
    }

    @Test
    void an_unfinished_run_completes_after_a_crash_and_no_succeeded_task_runs_again() {
        TaskConfig cfg = TaskConfig.builder().timeout(Duration.ofSeconds(2)).retries(2).build();
        Node root = Node.of(tasks.ok("root"), cfg);
        Node join = Node.of(tasks.ok("join"), cfg);
        List<Node> middle = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Node n = Node.of(tasks.sleeping("m" + i, Duration.ofMillis(150)), cfg);
            middle.add(n);
            root.then(n).then(join);
        }
        DagRegistry registry = DagRegistry.of(Dag.builder("crashy").root(root).build());

        Scheduler first = start(registry);
        InProcessWorker firstWorker = InProcessWorker.start(first, WorkerConfig.defaults().withConcurrency(4)
                .withPollTimeout(Duration.ofMillis(100)));
        long run = first.trigger("crashy", "{}");
        Await.until(Duration.ofSeconds(30), () -> succeeded(first.store(), run).size() >= 8, () -> tasks.journal().toString());
        Crash.abort(first); // a crash: threads end and the store handle closes, nothing is written on the way out
        firstWorker.stop(Duration.ZERO);
        assertEquals(SchedulerState.STOPPED, first.state());

        Set<String> succeededBeforeCrash;
        Map<String, TaskStatus> atCrash;
        try (Store s = Stores.open(StoreConfig.of(url()))) {
            succeededBeforeCrash = succeeded(s, run);
            atCrash = s.attempts().latest(run).stream()
                    .collect(Collectors.toMap(r -> r.key().taskId(), TaskAttemptRecord::status));
            assertEquals(DagRunStatus.RUNNING, s.dagRuns().find(run).orElseThrow().status());
        }
        assertTrue(atCrash.containsValue(TaskStatus.RUNNING) || atCrash.containsValue(TaskStatus.SCHEDULED), atCrash::toString);

        Scheduler second = start(registry);
        try (InProcessWorker w = InProcessWorker.start(second, WorkerConfig.defaults().withExecutorId("second")
                .withPollTimeout(Duration.ofMillis(100)))) {
            Await.until(Duration.ofSeconds(30), () -> second.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                    () -> second.stats() + " " + second.store().attempts().latest(run));
            assertEquals(DagRunStatus.SUCCESS, second.store().dagRuns().find(run).orElseThrow().status());
            for (String id : succeededBeforeCrash) {
                assertEquals(1, tasks.count(id), id + " succeeded before the crash and must not run again");
            }
            assertEquals(32, succeeded(second.store(), run).size());
            assertTrue(w.completed() > 0, "the second worker finished the run");
            int interrupted = 0;
            for (TaskAttemptRecord r : second.store().attempts().latest(run)) {
                if (atCrash.get(r.key().taskId()) == TaskStatus.RUNNING && r.key().attempt() > 0) {
                    // held by the first scheduler's in-process worker, gone with it: run again, no retry used
                    TaskAttemptRecord lost = second.store().attempts().attempts(run, r.key().taskId()).getFirst();
                    assertEquals(TaskStatus.CANCELLED, lost.status(), lost::toString);
                    assertTrue(lost.error().orElseThrow().startsWith("interrupted: "), lost::toString);
                    interrupted++;
                }
            }
            assertEquals(interrupted, second.stats().work().interrupted(), "counted by the core at recovery");
            assertEquals(interrupted, second.stats().work().attemptTransitions().get(TaskStatus.CANCELLED));
            assertEquals(32 - succeededBeforeCrash.size(), second.stats().work().succeeded(), second.stats()::toString);
        } finally {
            second.close();
        }
    }

    private static Set<String> succeeded(Store s, long run) {
        return s.attempts().latest(run).stream().filter(r -> r.status() == TaskStatus.SUCCESS).map(r -> r.key().taskId())
                .collect(Collectors.toSet());
    }
}
