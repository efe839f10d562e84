package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;
import ppacer.testkit.Await;
import ppacer.testkit.FailingStore;
import ppacer.testkit.ThrowawayPostgres;

/**
 * The in-process worker on a real store that fails for a while: a SQLite store whose writes fail,
 * and a PostgreSQL server of the test's own stopped and started again (fast and immediate
 * shutdown, as in issue 14's reproduction). The worker's threads survive, reports made during the outage are retried until acknowledged,
 * and once writes work again every pending run completes without running a finished task again.
 */
class StoreOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int SLOTS = 4;
    private static final int MIDDLE = 6;

    @TempDir
    Path dir;
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final AtomicInteger blocked = new AtomicInteger();
    /** The middle tasks run until the outage has begun, so that they finish and report during it. */
    private final CountDownLatch outageBegun = new CountDownLatch(1);

    private Task task(String id) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext ctx) throws InterruptedException {
                executions.computeIfAbsent(ctx.runId() + "/" + id, k -> new AtomicInteger()).incrementAndGet();
                if (id.startsWith("m")) {
                    blocked.incrementAndGet();
                    outageBegun.await();
                }
            }
        };
    }

    /** Starts and ends a store outage. */
    private interface Fault {
        void begin() throws Exception;

        void end() throws Exception;

        /** @return more about the outage for a failure message */
        String state();
    }

    @Test
    void the_in_process_worker_survives_failing_store_writes_and_no_finished_task_runs_again() throws Exception {
        try (Store real = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("x.db")))) {
            FailingStore flaky = new FailingStore(real);
            Fault fault = new Fault() {
                @Override
                public void begin() {
                    flaky.failWrites(true);
                }

                @Override
                public void end() {
                    flaky.failWrites(false);
                }

                @Override
                public String state() {
                    return "writes refused: " + flaky.refused();
                }
            };
            outage(SchedulerConfig.builder(registry()).store(flaky.store()).build(), new AtomicReference<>(), fault);
        }
    }

    @ParameterizedTest(name = "pg_ctl stop -m {0}, down until the scheduler stepped down: {1}")
    @CsvSource({"fast, false", "immediate, false", "fast, true"})
    void the_in_process_worker_survives_a_postgresql_restart_and_no_finished_task_runs_again(String mode,
            boolean untilStandby) throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.start()) {
            AtomicReference<Scheduler> started = new AtomicReference<>();
            SchedulerConfig config = SchedulerConfig.builder(registry()).storeUrl(pg.jdbcUrl()).build();
            outage(config, started, new Fault() {
                @Override
                public void begin() throws IOException {
                    pg.stop(mode);
                }

                @Override
                public void end() throws IOException {
                    if (untilStandby) {
                        // down for longer than the leader lease: the scheduler steps down, then leads again
                        Await.until(WAIT, () -> started.get().state() == SchedulerState.STANDBY,
                                () -> "stepping down, state " + started.get().state());
                    }
                    pg.startServer();
                }

                @Override
                public String state() {
                    return "PostgreSQL stopped (" + mode + "), scheduler " + started.get().state();
                }
            });
        }
    }

    private DagRegistry registry() {
        // a long timeout: a task may only run again if its report was lost, never because its lease expired here
        TaskConfig cfg = TaskConfig.builder().timeout(Duration.ofMinutes(10)).build();
        Node root = Node.of(task("root"), cfg);
        Node join = Node.of(task("join"), cfg);
        for (int i = 0; i < MIDDLE; i++) {
            root.then(Node.of(task("m" + i), cfg)).then(join);
        }
        return DagRegistry.of(Dag.builder("outage").root(root).build());
    }

    /**
     * Two runs of root, {@value #MIDDLE} middle tasks and a join on {@value #SLOTS} slots: the store
     * fails once {@value #SLOTS} middle tasks are running; they finish then, and the store works again
     * once their reports have been tried (and failed) during the outage. Every run must end SUCCESS
     * with each task executed once.
     */
    private void outage(SchedulerConfig config, AtomicReference<Scheduler> started, Fault fault) throws Exception {
        Scheduler scheduler = Scheduler.start(config);
        started.set(scheduler);
        try (InProcessWorker worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withConcurrency(SLOTS)
                .withPollTimeout(Duration.ofMillis(200)))) {
            List<Long> runs = List.of(scheduler.trigger("outage", "{}"), scheduler.trigger("outage", "{}"));
            Await.until(WAIT, () -> blocked.get() == SLOTS, () -> "tasks running: " + executions);

            long reportsBefore = worker.completed();
            fault.begin();
            outageBegun.countDown();
            Await.until(WAIT, () -> worker.completed() >= reportsBefore + SLOTS + 1,
                    () -> "reports tried during the outage: " + (worker.completed() - reportsBefore) + ", "
                            + fault.state());
            fault.end();

            for (long run : runs) {
                Await.until(WAIT, () -> scheduler.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                        () -> "run " + run + ": " + scheduler.store().attempts().latest(run) + "; executions "
                                + executions);
                assertEquals(DagRunStatus.SUCCESS, scheduler.store().dagRuns().find(run).orElseThrow().status());
            }
            assertEquals(2 * (MIDDLE + 2), executions.size(), executions::toString);
            executions.forEach((task, n) -> assertEquals(1, n.get(), task + " ran again: " + executions));
        } finally {
            scheduler.close();
        }
    }
}
