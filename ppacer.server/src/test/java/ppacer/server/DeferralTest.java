package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptDeferral;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.tasks.ExternalRunSucceeded;
import ppacer.tasks.FileExists;
import ppacer.tasks.Sensor;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/**
 * Deferral end to end (in-process executor, SQLite file): sensors free their executor slot while
 * they wait, are poked again by the scheduler's timer, survive a scheduler restart and a failover to a
 * standby, and time out.
 */
class DeferralTest {
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    /** Condition checks in progress, from the task bodies (the executor side). */
    private final AtomicInteger checking = new AtomicInteger();
    private final AtomicInteger maxChecking = new AtomicInteger();
    /** Task ids being checked now: a second check of the same task at once is a double hand-out. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean twiceAtOnce = new AtomicBoolean();
    /** Condition checks per task id, counted on the executor side. */
    private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();

    /** A sensor waiting for {@code dir/ready-<id>}, counting concurrent checks. */
    private Sensor sensor(String id, Duration interval, Duration timeout) {
        FileExists file = new FileExists(dir.resolve("ready-" + id).toString());
        Sensor.Condition counted = ctx -> {
            if (!inFlight.add(ctx.taskId())) {
                twiceAtOnce.set(true);
            }
            maxChecking.accumulateAndGet(checking.incrementAndGet(), Math::max);
            checks.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
            try {
                return file.check(ctx);
            } finally {
                checking.decrementAndGet();
                inFlight.remove(ctx.taskId());
            }
        };
        return Sensor.builder(id, counted).pokeInterval(interval).timeout(timeout).build();
    }

    private Dag sensors(String dagId, int n, Duration interval) {
        return sensors(dagId, n, interval, n, null, 0);
    }

    /** {@code n} sensors; at most {@code maxActive} of the DAG's tasks at once, each in {@code pool} when not null. */
    private Dag sensors(String dagId, int n, Duration interval, int maxActive, String pool, int retries) {
        TaskConfig.Builder cfg = TaskConfig.builder().retries(retries);
        if (pool != null) {
            cfg.pool(pool);
        }
        TaskConfig config = cfg.build();
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            roots.add(Node.of(sensor("s" + i, interval, Duration.ofHours(1)), config));
        }
        return Dag.builder(dagId).maxActiveTasks(maxActive)
                .root(roots.getFirst(), roots.subList(1, roots.size()).toArray(Node[]::new)).build();
    }

    private SchedulerConfig config(DagRegistry registry) {
        return builder(registry).build();
    }

    private SchedulerConfig.Builder builder(DagRegistry registry) {
        return builder(registry, "jdbc:sqlite:" + dir.resolve("store.db"));
    }

    private static SchedulerConfig.Builder builder(DagRegistry registry, String url) {
        return SchedulerConfig.builder(registry).storeUrl(url).leaseGrace(Duration.ofMillis(300))
                .stopTimeout(Duration.ofSeconds(5));
    }

    private static InProcessWorker worker(Scheduler s) {
        return InProcessWorker.start(s, WorkerConfig.defaults().withConcurrency(4).withPollTimeout(Duration.ofMillis(100)));
    }

    private static long count(Scheduler s, TaskStatus status) {
        return s.store().attempts().countByStatus().getOrDefault(status, 0L);
    }

    private void makeAllReady(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("ready-s" + i), "x");
        }
    }

    @Test
    void a_thousand_deferred_sensors_on_four_slots_all_complete_and_never_hold_more_than_four() throws Exception {
        int n = 1000;
        AtomicInteger maxRunningInStore = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        // an hour between pokes on a clock of the test's: all thousand wait at once however slow the machine,
        // and the clock moved past their due time pokes them all again
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        try (Scheduler s = Scheduler.start(builder(DagRegistry.of(sensors("wait", n, Duration.ofHours(1)))).clock(clock)
                .build());
             InProcessWorker _ = worker(s)) {
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (watching.get()) {
                    maxRunningInStore.accumulateAndGet((int) count(s, TaskStatus.RUNNING), Math::max);
                    Thread.onSpinWait();
                }
            });
            long run = s.trigger("wait", "{}");
            // every sensor has poked once and waits: a thousand DEFERRED at once, none holding a slot
            Await.until(WAIT, () -> count(s, TaskStatus.DEFERRED) == n, () -> "deferred: " + count(s, TaskStatus.DEFERRED)
                    + ", " + s.stats());
            assertTrue(maxChecking.get() <= 4, "condition checks at once on the executor: " + maxChecking);
            assertTrue(maxRunningInStore.get() <= 4, "RUNNING attempts in the store at once: " + maxRunningInStore);
            assertEquals(0, count(s, TaskStatus.RUNNING) + count(s, TaskStatus.SCHEDULED), "all wait, none holds a slot");
            makeAllReady(n);
            clock.advance(Duration.ofHours(2));
            s.wakeUp();
            Await.until(WAIT, () -> s.store().dagRuns().find(run).orElseThrow().status().isTerminal(), () -> s.stats().toString());
            watching.set(false);
            watcher.join();
            assertEquals(DagRunStatus.SUCCESS, s.store().dagRuns().find(run).orElseThrow().status());
            assertTrue(maxChecking.get() <= 4, "condition checks at once on the executor: " + maxChecking);
            assertTrue(maxRunningInStore.get() <= 4, "RUNNING attempts in the store at once: " + maxRunningInStore);
            assertTrue(!twiceAtOnce.get(), "a sensor was checked twice at once");
            for (TaskAttemptRecord a : s.store().attempts().latest(run)) {
                assertEquals(0, a.key().attempt(), "a deferral is not a retry: " + a.key());
                assertEquals(TaskStatus.SUCCESS, a.status(), a.key().toString());
            }
            List<AttemptDeferral> deferrals = s.store().deferrals().ofRun(run);
            assertEquals(n, deferrals.size(), "each sensor deferred at least once");
            assertTrue(deferrals.stream().allMatch(d -> d.pokes() == 1), "one deferral each, then met: " + deferrals.getFirst());
        }
    }

    @Test
    void deferred_sensors_are_poked_again_after_a_scheduler_restart_none_lost_none_twice_at_once() throws Exception {
        restartWhileDeferred("jdbc:sqlite:" + dir.resolve("store.db"));
    }

    @Test
    void on_postgresql_too_deferred_sensors_survive_a_scheduler_restart() throws Exception {
        try (PgTestSchema pg = PgTestSchema.create("ppacer_defer_")) {
            restartWhileDeferred(pg.url());
        }
    }

    @Test
    void on_postgresql_deferred_sensors_survive_a_failover_to_the_standby() throws Exception {
        try (PgTestSchema pg = PgTestSchema.create("ppacer_defer_ha_")) {
            failoverWhileDeferred(pg.url());
        }
    }

    /**
     * Two schedulers on one store: the leader hands sensors out and stores their deferrals, then stops
     * (giving up its lease); the standby takes over, arms the stored deferrals on its own timer and pokes
     * every sensor again, none lost, none twice at once; the run succeeds once the files appear.
     */
    private void failoverWhileDeferred(String url) throws Exception {
        int n = 10;
        DagRegistry registry = DagRegistry.of(sensors("wait", n, Duration.ofMillis(200), 3, "sensors", 1));
        Map<String, Integer> pokesBefore = new ConcurrentHashMap<>();
        Scheduler a = Scheduler.start(builder(registry, url).pool("sensors", 2)
                .ha(ppacer.scheduler.HaConfig.defaults().withNodeId("node-a")).build());
        Scheduler b = null;
        try {
            Await.until(WAIT, () -> a.leaderStatus().leader(), () -> "node-a, alone, leads");
            b = Scheduler.start(builder(registry, url).pool("sensors", 2)
                    .ha(ppacer.scheduler.HaConfig.defaults().withNodeId("node-b")).build());
            Scheduler standby = b;
            assertTrue(!standby.leaderStatus().leader(), "node-b stands by");
            long run;
            try (InProcessWorker _ = worker(a)) {
                run = a.trigger("wait", "{}");
                Await.until(WAIT, () -> a.store().deferrals().ofRun(run).size() == n && a.store().deferrals().ofRun(run)
                        .stream().allMatch(d -> d.pokes() >= 2), () -> a.stats().toString());
            }
            a.close(); // gives up its lease: node-b takes over
            checks.forEach((id, c) -> pokesBefore.put(id, c.get()));
            assertEquals(n, pokesBefore.size());
            Await.until(WAIT, () -> standby.leaderStatus().leader(), () -> "node-b takes over");
            try (InProcessWorker _ = worker(standby)) {
                // every sensor is poked again by node-b, from the deferrals node-a stored
                Await.until(WAIT, () -> pokesBefore.entrySet().stream()
                        .allMatch(e -> checks.get(e.getKey()).get() > e.getValue()), () -> standby.stats().toString());
                makeAllReady(n);
                Await.until(WAIT, () -> standby.store().dagRuns().find(run).orElseThrow().status().isTerminal(),
                        () -> standby.stats().toString());
            }
            assertEquals(DagRunStatus.SUCCESS, standby.store().dagRuns().find(run).orElseThrow().status());
            assertTrue(!twiceAtOnce.get(), "a sensor was checked twice at once");
            for (TaskAttemptRecord t : standby.store().attempts().latest(run)) {
                assertEquals(TaskStatus.SUCCESS, t.status(), t.key().toString());
            }
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    /**
     * Sensors deferred, the scheduler stopped and started again on the same store: each is poked again,
     * once at a time. The DAG runs at most 3 tasks at once, in a pool of 2 slots: all 50 wait at once
     * only because a deferred attempt frees its DAG and pool slots. An attempt RUNNING when the first
     * scheduler stops is judged by its lease (on PostgreSQL its in-process executor is not presumed dead,
     * see Recovery) and retried: the sensors have one retry, so that "none lost" means the run succeeds.
     */
    private void restartWhileDeferred(String url) throws Exception {
        int n = 50;
        DagRegistry registry = DagRegistry.of(sensors("wait", n, Duration.ofMillis(200), 3, "sensors", 1));
        long run;
        Map<String, Integer> pokesBefore = new ConcurrentHashMap<>();
        try (Scheduler s = Scheduler.start(builder(registry, url).pool("sensors", 2).build()); InProcessWorker _ = worker(s)) {
            run = s.trigger("wait", "{}");
            Await.until(WAIT, () -> s.store().deferrals().ofRun(run).size() == n && s.store().deferrals().ofRun(run)
                    .stream().allMatch(d -> d.pokes() >= 2), () -> s.stats().toString());
        }
        Scheduler stopped = null;
        try (Scheduler s = Scheduler.start(builder(registry, url).pool("sensors", 2).build())) {
            stopped = s;
            checks.forEach((id, c) -> pokesBefore.put(id, c.get()));
            assertEquals(n, pokesBefore.size());
            try (InProcessWorker _ = worker(s)) {
                // every sensor is poked again after the restart (counted where its condition is checked)
                Await.until(WAIT, () -> pokesBefore.entrySet().stream()
                        .allMatch(e -> checks.get(e.getKey()).get() > e.getValue()), () -> s.stats().toString());
                makeAllReady(n);
                Await.until(WAIT, () -> s.store().dagRuns().find(run).orElseThrow().status().isTerminal(), () -> s.stats().toString());
            }
            assertEquals(DagRunStatus.SUCCESS, s.store().dagRuns().find(run).orElseThrow().status());
            assertTrue(!twiceAtOnce.get(), "a sensor was checked twice at once");
            assertTrue(maxChecking.get() <= 2, "condition checks at once, in a pool of 2: " + maxChecking);
            for (TaskAttemptRecord a : s.store().attempts().latest(run)) {
                assertEquals(TaskStatus.SUCCESS, a.status(), a.key().toString());
            }
        }
        assertTrue(stopped != null);
    }

    @Test
    void a_sensor_past_its_timeout_fails_naming_its_pokes_and_last_reason() throws Exception {
        Sensor timed = sensor("late", Duration.ofMillis(100), Duration.ofMillis(600));
        Dag dag = Dag.builder("timed").root(Node.of(timed, TaskConfig.builder().retries(0).build())).build();
        try (Scheduler s = Scheduler.start(config(DagRegistry.of(dag))); InProcessWorker _ = worker(s)) {
            long run = s.trigger("timed", "{}");
            Await.until(WAIT, () -> s.store().dagRuns().find(run).orElseThrow().status().isTerminal(), () -> s.stats().toString());
            assertEquals(DagRunStatus.FAILED, s.store().dagRuns().find(run).orElseThrow().status());
            TaskAttemptRecord a = s.store().attempts().latest(run).getFirst();
            assertEquals(TaskStatus.FAILED, a.status());
            assertEquals(0, a.key().attempt());
            String error = a.error().orElseThrow();
            assertTrue(error.matches("sensor 'late' timed out after PT0\\.6S, \\d+ pokes; last: file .*ready-late not found"),
                    error);
            int pokes = s.store().deferrals().find(a.key()).orElseThrow().pokes();
            assertTrue(error.contains(", " + (pokes + 1) + " pokes;"), "the last poke counts too: " + error + " vs " + pokes);
            assertEquals(Optional.of(Duration.ofMillis(600)), s.store().deferrals().find(a.key()).orElseThrow().timeout());
        }
    }

    @Test
    void a_sensor_on_another_dags_run_waits_until_that_run_succeeds() throws Exception {
        Instant at = Instant.parse("2026-02-01T00:00:00Z");
        Dag upstream = Dag.builder("upstream").root(Node.of(ppacer.api.Task.of("produce", ctx -> { }))).build();
        Sensor waits = Sensor.builder("wait_upstream", ExternalRunSucceeded.sameLogicalTime("upstream"))
                .pokeInterval(Duration.ofMillis(100)).timeout(Duration.ofHours(1)).build();
        Dag downstream = Dag.builder("downstream").root(Node.of(waits, TaskConfig.builder().retries(0).build())).build();
        try (Scheduler s = Scheduler.start(config(DagRegistry.of(upstream, downstream))); InProcessWorker _ = worker(s)) {
            long down = s.trigger("downstream", "{}", at);
            ppacer.api.spi.AttemptKey key = new ppacer.api.spi.AttemptKey(down, "wait_upstream", 0);
            AttemptDeferral waiting = Await.value(WAIT, () -> s.store().deferrals().find(key), () -> s.stats().toString());
            assertEquals("run of 'upstream' at " + at + " does not exist yet", waiting.reason());
            long up = s.trigger("upstream", "{}", at);
            Await.until(WAIT, () -> s.store().dagRuns().find(down).orElseThrow().status().isTerminal(), () -> s.stats().toString());
            assertEquals(DagRunStatus.SUCCESS, s.store().dagRuns().find(up).orElseThrow().status());
            assertEquals(DagRunStatus.SUCCESS, s.store().dagRuns().find(down).orElseThrow().status());
        }
    }
}
