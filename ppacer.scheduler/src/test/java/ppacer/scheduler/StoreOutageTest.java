package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.scheduler.testing.Await;
import ppacer.scheduler.testing.FailingStore;

/**
 * The in-process worker on a real SQLite store whose writes fail for a while (as during a database
 * restart): its threads survive, reports made during the outage are retried until acknowledged,
 * and once writes work again every pending run completes without running a finished task again.
 */
class StoreOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();

    private Task task(String id) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext ctx) throws InterruptedException {
                executions.computeIfAbsent(ctx.runId() + "/" + id, k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(50); // some work, so that tasks are in flight when the store fails
                finished.incrementAndGet();
            }
        };
    }

    @Test
    void the_in_process_worker_survives_failing_store_writes_and_no_finished_task_runs_again() {
        // a long timeout: a task may only run again if its report was lost, never because its lease expired here
        TaskConfig cfg = TaskConfig.builder().timeout(Duration.ofMinutes(10)).build();
        Node root = Node.of(task("root"), cfg);
        Node join = Node.of(task("join"), cfg);
        for (int i = 0; i < 12; i++) {
            root.then(Node.of(task("m" + i), cfg)).then(join);
        }
        DagRegistry registry = DagRegistry.of(Dag.builder("outage").root(root).build());
        try (Store real = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("x.db")))) {
            FailingStore flaky = new FailingStore(real);
            Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(registry).store(flaky.store()).build());
            try (InProcessWorker worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withConcurrency(4)
                    .withPollTimeout(Duration.ofMillis(200)))) {
                List<Long> runs = List.of(scheduler.trigger("outage", "{}"), scheduler.trigger("outage", "{}"));
                Await.until(WAIT, () -> finished.get() >= 3, () -> "first tasks " + executions);

                flaky.failWrites(true);
                int before = finished.get();
                // the outage lasts until tasks finished during it (their reports fail) and polls failed too
                Await.until(WAIT, () -> finished.get() >= before + 2 && flaky.refused() >= 20,
                        () -> "tasks finished during the outage: " + (finished.get() - before) + ", writes refused: "
                                + flaky.refused());
                flaky.failWrites(false);

                for (long run : runs) {
                    Await.until(WAIT, () -> scheduler.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                            () -> "run " + run + ": " + scheduler.store().attempts().latest(run) + "; executions "
                                    + executions);
                    assertEquals(DagRunStatus.SUCCESS, scheduler.store().dagRuns().find(run).orElseThrow().status());
                }
                assertEquals(2 * 14, executions.size(), executions::toString);
                executions.forEach((task, n) -> assertEquals(1, n.get(), task + " ran again: " + executions));
                assertTrue(worker.completed() >= 2 * 14, "reports made: " + worker.completed());
            } finally {
                scheduler.close();
            }
        }
    }
}
