package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.HaConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;
import ppacer.scheduler.model.PoolUsage;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Await;

/**
 * Pools end to end: DAGs sharing a pool never hold more slots than it has, checked from the task
 * bodies and from the store while they run, and no slot leaks when an executor holding slots
 * vanishes (its leases expire), when the scheduler crashes (the restarted one counts the RUNNING
 * attempts as holders) or when the leader of a PostgreSQL store dies (the new leader does the same).
 */
class PoolsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String POOL = "warehouse";

    @TempDir
    Path dir;

    /** Pool tasks are named p*, the others free*. */
    private final AtomicInteger inPool = new AtomicInteger();
    private final AtomicInteger maxInPool = new AtomicInteger();
    private final AtomicInteger freeRan = new AtomicInteger();

    private Task poolTask(String id, Duration d) {
        return Task.of(id, ctx -> {
            int now = inPool.incrementAndGet();
            maxInPool.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(d);
            } finally {
                inPool.decrementAndGet();
            }
        });
    }

    /** A DAG of {@code n} parallel tasks in the pool and two without a pool. */
    private Dag dag(String id, int n, Duration d) {
        TaskConfig pooled = TaskConfig.builder().pool(POOL).timeout(Duration.ofSeconds(30)).retries(3).build();
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            roots.add(Node.of(poolTask("p" + i, d), pooled));
        }
        for (int i = 0; i < 2; i++) {
            roots.add(Node.of(Task.of("free" + i, ctx -> freeRan.incrementAndGet())));
        }
        return Dag.builder(id).maxActiveTasks(16).root(roots.getFirst(), roots.subList(1, roots.size()).toArray(Node[]::new))
                .build();
    }

    private SchedulerConfig.Builder config(DagRegistry registry, String url) {
        return SchedulerConfig.builder(registry).storeUrl(url).pool(POOL, 2).leaseGrace(Duration.ofMillis(300))
                .stopTimeout(Duration.ofSeconds(5));
    }

    /** RUNNING attempts of pool tasks, read from the store. */
    private static List<AttemptKey> runningInPool(Store store) {
        List<AttemptKey> out = new ArrayList<>();
        for (TaskAttemptRecord a : store.attempts().unfinished()) {
            if (a.status() == TaskStatus.RUNNING && a.key().taskId().startsWith("p")) {
                out.add(a.key());
            }
        }
        return out;
    }

    private static boolean allDone(Scheduler s, List<Long> runs) {
        return runs.stream().allMatch(r -> s.store().dagRuns().find(r).orElseThrow().status().isTerminal());
    }

    @Test
    void three_dags_sharing_a_two_slot_pool_never_hold_more_than_two_slots() throws Exception {
        DagRegistry registry = DagRegistry.of(dag("a", 8, Duration.ofMillis(30)), dag("b", 8, Duration.ofMillis(30)),
                dag("c", 8, Duration.ofMillis(30)));
        AtomicInteger maxInStore = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        try (Scheduler s = Scheduler.start(config(registry, "jdbc:sqlite:" + dir.resolve("x.db")).build());
             InProcessWorker _ = InProcessWorker.start(s, WorkerConfig.defaults().withConcurrency(8)
                     .withPollTimeout(Duration.ofMillis(100)))) {
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (watching.get()) {
                    maxInStore.accumulateAndGet(runningInPool(s.store()).size(), Math::max);
                    maxInStore.accumulateAndGet(s.poolUsage(POOL).orElseThrow().used(), Math::max);
                }
            });
            List<Long> runs = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String d : List.of("a", "b", "c")) {
                    runs.add(s.trigger(d, "{}"));
                }
            }
            Await.until(WAIT, () -> allDone(s, runs), () -> s.pools() + " " + s.stats());
            watching.set(false);
            watcher.join();
            for (long r : runs) {
                assertEquals(DagRunStatus.SUCCESS, s.store().dagRuns().find(r).orElseThrow().status());
            }
            assertTrue(maxInPool.get() <= 2 && maxInPool.get() >= 1, "task bodies in the pool at once: " + maxInPool);
            assertTrue(maxInStore.get() <= 2, "holders seen from the store and the queue: " + maxInStore);
            assertEquals(9 * 2, freeRan.get(), "tasks without a pool ran too");
            PoolUsage after = s.poolUsage(POOL).orElseThrow();
            assertEquals(new PoolUsage(POOL, 2, 0, 0, true, List.of()), after, "nothing held or waiting at the end");
        }
    }

    @Test
    void slots_of_an_executor_that_vanished_come_back_when_its_leases_expire() {
        DagRegistry registry = DagRegistry.of(dag("a", 4, Duration.ofMillis(10)));
        try (Scheduler s = Scheduler.start(config(registry, "jdbc:sqlite:" + dir.resolve("x.db"))
                .leaseDuration(Duration.ofSeconds(1)).build())) {
            long run = s.trigger("a", "{}");
            // an executor takes both slots and is never heard of again, as after kill -9
            List<TaskLease> taken = takePoolSlots(s, "doomed");
            assertEquals(2, s.poolUsage(POOL).orElseThrow().used());
            assertTrue(s.poolWait("a", "p3").isPresent(), "a queued pool task waits for the pool");
            try (InProcessWorker _ = InProcessWorker.start(s, WorkerConfig.defaults().withConcurrency(4)
                    .withPollTimeout(Duration.ofMillis(100)).withHeartbeatInterval(Duration.ofMillis(200)))) {
                Await.until(WAIT, () -> s.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                        () -> s.pools() + " " + s.store().attempts().latest(run));
                assertEquals(DagRunStatus.SUCCESS, s.store().dagRuns().find(run).orElseThrow().status());
                for (TaskLease l : taken) {
                    TaskAttemptRecord lost = s.store().attempts().find(new AttemptKey(run, l.taskId(), l.attempt())).orElseThrow();
                    assertEquals(TaskStatus.FAILED_PENDING_RETRY, lost.status(), lost::toString);
                }
                assertEquals(0, s.poolUsage(POOL).orElseThrow().used());
            }
        }
    }

    @Test
    void after_a_scheduler_crash_the_running_attempts_hold_the_slots_and_the_queued_ones_run_after_them() {
        DagRegistry registry = DagRegistry.of(dag("a", 5, Duration.ofMillis(10)));
        String url = "jdbc:sqlite:" + dir.resolve("x.db");
        Scheduler first = Scheduler.start(config(registry, url).build());
        long run = first.trigger("a", "{}");
        List<TaskLease> held = takePoolSlots(first, "external-1");
        Crash.abort(first); // kill -9: nothing written on the way out
        assertEquals(SchedulerState.STOPPED, first.state());

        try (Scheduler second = Scheduler.start(config(registry, url).build())) {
            PoolUsage recovered = second.poolUsage(POOL).orElseThrow();
            assertEquals(2, recovered.used(), recovered::toString);
            assertEquals(keys(run, held), new HashSet<>(recovered.holders()), "the RUNNING attempts are the holders");
            assertEquals(List.of(), second.nextTasks("other", 10, Duration.ofMillis(200)).stream()
                    .filter(l -> l.taskId().startsWith("p")).toList(), "no slot is free");
            // the external executor reaches the new scheduler and reports: its slots come back
            for (TaskLease l : held) {
                assertEquals("ACCEPTED", second.report(new AttemptKey(run, l.taskId(), l.attempt()), l.token(),
                        TaskOutcome.success()).status().name());
            }
            try (InProcessWorker _ = InProcessWorker.start(second, WorkerConfig.defaults().withConcurrency(4)
                    .withPollTimeout(Duration.ofMillis(100)))) {
                Await.until(WAIT, () -> second.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                        () -> second.pools() + " " + second.store().attempts().latest(run));
            }
            assertEquals(DagRunStatus.SUCCESS, second.store().dagRuns().find(run).orElseThrow().status());
            assertTrue(maxInPool.get() <= 2, "in the pool at once: " + maxInPool);
            assertEquals(new PoolUsage(POOL, 2, 0, 0, true, List.of()), second.poolUsage(POOL).orElseThrow());
        }
    }

    @Test
    void after_a_failover_on_postgresql_the_new_leader_counts_the_holders_and_leaks_nothing() throws Exception {
        PgTestSchema pg = PgTestSchema.create("ppacer_pools_");
        String url = pg.url();
        DagRegistry registry = DagRegistry.of(dag("a", 5, Duration.ofMillis(10)));
        HaConfig ha = HaConfig.defaults().withLease(Duration.ofSeconds(2), Duration.ofMillis(300));
        Scheduler leader = Scheduler.start(config(registry, url).ha(ha.withNodeId("node-a")).build());
        Scheduler standby = null;
        try {
            assertEquals(SchedulerState.RUNNING, leader.state());
            standby = Scheduler.start(config(registry, url).ha(ha.withNodeId("node-b")).build());
            assertEquals(SchedulerState.STANDBY, standby.state());
            long run = leader.trigger("a", "{}");
            List<TaskLease> held = takePoolSlots(leader, "external-1");
            assertEquals(2, standby.poolUsage(POOL).orElseThrow().used(), "a standby counts from the store");
            Crash.abort(leader); // the leader dies holding the lease: node-b takes over when it expires
            Scheduler next = standby;
            Await.until(WAIT, () -> next.state() == SchedulerState.RUNNING, next::toString);
            PoolUsage recovered = next.poolUsage(POOL).orElseThrow();
            assertEquals(keys(run, held), new HashSet<>(recovered.holders()), recovered::toString);
            assertEquals(2, recovered.used());
            for (TaskLease l : held) {
                next.report(new AttemptKey(run, l.taskId(), l.attempt()), l.token(), TaskOutcome.success());
            }
            try (InProcessWorker _ = InProcessWorker.start(next, WorkerConfig.defaults().withConcurrency(4)
                    .withPollTimeout(Duration.ofMillis(100)))) {
                Await.until(WAIT, () -> next.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                        () -> next.pools() + " " + next.store().attempts().latest(run));
            }
            assertEquals(DagRunStatus.SUCCESS, next.store().dagRuns().find(run).orElseThrow().status());
            assertTrue(maxInPool.get() <= 2, "in the pool at once: " + maxInPool);
            assertEquals(new PoolUsage(POOL, 2, 0, 0, true, List.of()), next.poolUsage(POOL).orElseThrow());
        } finally {
            if (standby != null) {
                standby.close();
            }
            pg.close();
        }
    }

    /** Takes attempts as an external executor until it holds both pool slots; the others it took are reported. */
    private static List<TaskLease> takePoolSlots(Scheduler s, String executorId) {
        List<TaskLease> held = new ArrayList<>();
        Await.until(WAIT, () -> {
            for (TaskLease l : s.nextTasks(executorId, 10, Duration.ofMillis(100))) {
                if (l.taskId().startsWith("p")) {
                    held.add(l);
                } else {
                    s.report(new AttemptKey(l.runId(), l.taskId(), l.attempt()), l.token(), TaskOutcome.success());
                }
            }
            return held.size() == 2;
        }, held::toString);
        return held;
    }

    private static Set<AttemptKey> keys(long run, List<TaskLease> leases) {
        Set<AttemptKey> out = new HashSet<>();
        leases.forEach(l -> out.add(new AttemptKey(run, l.taskId(), l.attempt())));
        return out;
    }
}
