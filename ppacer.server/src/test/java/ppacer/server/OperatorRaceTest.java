package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskStatus;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.StoreProxy;
import ppacer.testkit.Tasks;

/**
 * An operator action that meets a run in the instant it finishes: the run's final status is already
 * in the store (so an operator sees it finished) while the scheduler still holds the run in memory.
 */
class OperatorRaceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private Scheduler scheduler;
    private InProcessWorker worker;
    private Store real;

    @AfterEach
    void stop() {
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

    /**
     * Holds the first RUNNING → SUCCESS run transition after it committed, until released: the
     * scheduler is then inside "finish the run" with the run lock held.
     */
    private static Store holdingFinish(Store delegate, CountDownLatch finishing, CountDownLatch release) {
        AtomicBoolean armed = new AtomicBoolean(true);
        return StoreProxy.wrap(delegate, (type, m, args, call) -> {
            Object out = call.proceed();
            if (type == DagRunStore.class && m.getName().equals("transition") && args.length == 4
                    && args[2] == DagRunStatus.SUCCESS && Boolean.TRUE.equals(out) && armed.compareAndSet(true, false)) {
                finishing.countDown();
                release.await();
            }
            return out;
        });
    }

    private Map<String, TaskStatus> latest(long runId) {
        Map<String, TaskStatus> m = new TreeMap<>();
        for (TaskAttemptRecord r : real.attempts().latest(runId)) {
            m.put(r.key().taskId(), r.status());
        }
        return m;
    }

    @Test
    void clearing_a_task_while_its_run_finishes_reopens_the_run_and_reruns_the_task() throws Exception {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b"))).then(Node.of(tasks.ok("c")));
        CountDownLatch finishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        real = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("x.db")));
        scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(Dag.builder("cm").root(a).build()))
                .store(holdingFinish(real, finishing, release)).stopTimeout(Duration.ofSeconds(5)).build());
        worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withPollTimeout(Duration.ofMillis(200)));
        long run = scheduler.trigger("cm", "{}");
        Await.until(WAIT, () -> finishing.getCount() == 0, () -> "run " + run + " never finished: " + latest(run) + " " + real.dagRuns().find(run));
        assertEquals(DagRunStatus.SUCCESS, real.dagRuns().find(run).orElseThrow().status(), "an operator sees it finished");

        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread operator = Thread.ofPlatform().start(() -> {
            try {
                scheduler.clearTask(run, "b", true);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        // the operator's call waits for the run lock the finishing scheduler holds
        Await.until(WAIT, () -> operator.getState() == Thread.State.WAITING || !operator.isAlive(), operator::toString);
        release.countDown();
        operator.join(WAIT.toMillis());
        assertEquals(null, failed.get());

        Await.until(WAIT, () -> tasks.count("c") == 2 && latest(run).get("c") == TaskStatus.SUCCESS
                && real.dagRuns().find(run).orElseThrow().status() == DagRunStatus.SUCCESS,
                () -> tasks.journal() + " " + latest(run) + " " + real.dagRuns().find(run));
        assertEquals(2, tasks.count("b"));
        assertEquals(1, tasks.count("a"));
    }
}
