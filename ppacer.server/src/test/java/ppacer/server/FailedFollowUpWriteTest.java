package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
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
import ppacer.api.TaskStatus;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.StoreProxy;

/**
 * Issue 14, defect 1: the writes that follow a hand-out or a report can fail on their own (the store
 * restarts between two statements). A hand-out whose write failed goes back to the queue instead of
 * being lost, and a report whose transition committed but whose follow-up (inserting the children,
 * finishing the run) failed is completed when the executor retries it. Real SQLite file, the
 * in-process worker; the fault is a proxy that refuses chosen writes.
 */
class FailedFollowUpWriteTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @TempDir
    Path dir;
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private Store real;
    private Scheduler scheduler;
    private InProcessWorker worker;
    private volatile Set<String> failing = Set.of();
    private final AtomicLong refused = new AtomicLong();

    @AfterEach
    void stop() {
        release.countDown();
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (real != null) {
            real.close();
        }
    }

    /** A task that counts its executions; "gate" waits for {@link #release}. */
    private Task task(String id) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext ctx) throws InterruptedException {
                executions.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                if (id.equals("gate")) {
                    started.countDown();
                    release.await();
                }
            }
        };
    }

    /** Refuses the writes named {@code Type.method} in {@link #failing}, through the fenced view too. */
    private Store faulty(Store delegate) {
        return StoreProxy.wrap(delegate, (type, m, args, call) -> {
            if (failing.contains(type.getSimpleName() + "." + m.getName())) {
                refused.incrementAndGet();
                throw new StoreException(type.getSimpleName() + "." + m.getName() + " failed (test fault)");
            }
            return call.proceed();
        });
    }

    private void start(Dag dag, int concurrency) {
        real = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("x.db")));
        scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(dag)).store(faulty(real))
                .stopTimeout(Duration.ofSeconds(5)).build());
        worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withConcurrency(concurrency)
                .withPollTimeout(Duration.ofMillis(200)));
    }

    private Map<String, TaskStatus> latest(long runId) {
        Map<String, TaskStatus> m = new TreeMap<>();
        for (TaskAttemptRecord r : real.attempts().latest(runId)) {
            m.put(r.key().taskId(), r.status());
        }
        return m;
    }

    private void awaitSuccess(long run) {
        Await.until(WAIT, () -> real.dagRuns().find(run).orElseThrow().status() == DagRunStatus.SUCCESS,
                () -> "run " + run + ": " + real.dagRuns().find(run).orElseThrow().status() + " " + latest(run)
                        + " executions " + executions);
    }

    @Test
    void a_hand_out_whose_write_failed_goes_back_to_the_queue() {
        // "flaky" fails its first attempt and, as it does, breaks the set-based transitions that hand-outs
        // write (its own failure report is a single transition and goes through); its retry, due 1 s
        // later, is then taken from the queue and its hand-out fails
        Task flaky = new Task() {
            @Override
            public String id() {
                return "flaky";
            }

            @Override
            public void execute(TaskContext ctx) {
                executions.computeIfAbsent("flaky", k -> new AtomicInteger()).incrementAndGet();
                if (ctx.attempt() == 0) {
                    failing = Set.of("TaskAttemptStore.transitionAll");
                    throw new IllegalStateException("first attempt fails");
                }
            }
        };
        TaskConfig retry = TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(Duration.ofSeconds(1))).build();
        start(Dag.builder("retry").root(Node.of(flaky, retry)).build(), 4);
        long run = scheduler.trigger("retry", "{}");
        Await.until(WAIT, () -> refused.get() >= 1, () -> "a refused hand-out: " + latest(run));
        failing = Set.of();
        awaitSuccess(run);
        assertEquals(2, executions.get("flaky").get());
    }

    @Test
    void a_report_whose_follow_up_writes_failed_is_completed_when_retried() throws Exception {
        Node gate = Node.of(task("gate"));
        gate.then(Node.of(task("child")));
        start(Dag.builder("chain").root(gate).build(), 4);
        long run = scheduler.trigger("chain", "{}");
        Await.until(WAIT, () -> started.getCount() == 0, () -> "gate to start: " + latest(run));
        // the report's RUNNING -> SUCCESS commits; inserting the child's attempt fails
        failing = Set.of("TaskAttemptStore.insert");
        release.countDown();
        Await.until(WAIT, () -> refused.get() >= 1 && latest(run).get("gate") == TaskStatus.SUCCESS,
                () -> "refused writes: " + refused.get() + " " + latest(run));
        failing = Set.of();
        awaitSuccess(run);
        assertEquals(1, executions.get("gate").get());
        assertEquals(1, executions.get("child").get());
    }
}
