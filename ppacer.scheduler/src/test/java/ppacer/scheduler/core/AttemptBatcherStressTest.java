package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskStatus;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * The {@link AttemptBatcher} hand-off (flat combining: a submitter queues its operation on the run;
 * whoever holds the run lock applies every queued one and wakes their submitters), hammered: workers
 * on platform and virtual threads take entries of one wide run from the queue, hand them out and
 * report them as succeeded, all on the same run at once, some reports resent concurrently or sent
 * first with a wrong token. Safety: every submitter returns with its own result (its lease, its
 * acknowledgement, its refusal), no operation is applied twice (one hand-out and one SUCCESS per
 * task, counted once) or lost (every task ends SUCCESS, no submitter hangs). No time limit but the
 * hang guard. {@code -Dppacer.stress.seed=N} replays a run.
 */
class AttemptBatcherStressTest {
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    /** Roots, each with one child: the children become ready inside the batches of their parents' reports. */
    private static final int ROOTS = 48;
    private static final int TASKS = 2 * ROOTS;
    private static final int RUNS = 3;
    private static final int WORKERS = 12;

    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    @Test
    void every_submitter_gets_its_own_result_and_no_operation_is_applied_twice_or_lost() throws Exception {
        Long given = Long.getLong("ppacer.stress.seed");
        long seed = given != null ? given : new SecureRandom().nextLong();
        System.out.println("AttemptBatcherStressTest seed " + seed);
        try {
            run(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("Stress run failed with seed " + seed + " (replay: -Dppacer.stress.seed=" + seed
                    + "): " + e.getMessage(), e);
        }
    }

    private Dag wide() {
        Dag.Builder b = Dag.builder("wide").maxActiveTasks(TASKS);
        for (int i = 0; i < ROOTS; i++) {
            Node root = Node.of(tasks.ok("r" + i));
            root.then(Node.of(tasks.ok("c" + i)));
            b.root(root);
        }
        return b.build();
    }

    private void run(long seed) throws Exception {
        Random seeds = new Random(seed);
        try (CoreFixture f = new CoreFixture(dir, T0, wide())) {
            for (int round = 0; round < RUNS; round++) {
                long runId = f.watcher.trigger(f.registry.find("wide").orElseThrow(), "{}", T0.plusSeconds(60L * round));
                runOnce(f, runId, seeds);
                assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(runId).orElseThrow().status(), "run " + runId);
                for (String task : f.registry.find("wide").orElseThrow().tasks().stream().map(ppacer.api.DagTask::id).toList()) {
                    assertEquals(List.of(TaskStatus.SUCCESS), f.store.attempts().attempts(runId, task).stream()
                            .map(TaskAttemptRecord::status).toList(), "one attempt of " + task + ", SUCCESS, in run " + runId);
                }
            }
            assertEquals((long) RUNS * TASKS, f.counters.snapshot().handedOut(), "hand-outs applied once each");
            assertEquals((long) RUNS * TASKS, f.counters.snapshot().succeeded(), "success reports applied once each");
            assertEquals(0, f.queue.running(), "every slot released");
        }
    }

    private void runOnce(CoreFixture f, long runId, Random seeds) throws Exception {
        Map<String, String> tokens = new ConcurrentHashMap<>(); // task → the token of its only hand-out
        AtomicInteger reported = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            long mySeed = seeds.nextLong();
            String executor = "exec-" + w;
            Runnable work = () -> {
                try {
                    work(f, new Random(mySeed), executor, tokens, reported, stop);
                } catch (Throwable t) {
                    failures.add(t);
                    stop.set(true);
                }
            };
            workers.add(seeds.nextBoolean() ? Thread.ofVirtual().start(work) : Thread.ofPlatform().start(work));
        }
        List<Thread> hanging = new ArrayList<>();
        for (Thread t : workers) {
            if (!t.join(HANG_GUARD)) {
                hanging.add(t);
            }
        }
        if (!hanging.isEmpty()) {
            stop.set(true);
            String stacks = hanging.stream().map(t -> t + "\n" + List.of(t.getStackTrace()).stream()
                    .map(e -> "    at " + e).collect(Collectors.joining("\n"))).collect(Collectors.joining("\n"));
            throw new AssertionError(hanging.size() + " workers hang after " + HANG_GUARD + " with " + reported.get() + " of "
                    + TASKS + " tasks reported, " + tokens.size() + " handed out, "
                    + f.runs.pendingCount(f.runs.run(runId)) + " operations queued:\n" + stacks);
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " workers failed: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
        assertEquals(TASKS, tokens.size(), "every task handed out once");
    }

    /** Takes entries, hands them out in batches of 1 to 4, reports each as succeeded, until every task is. */
    private static void work(CoreFixture f, Random r, String executor, Map<String, String> tokens, AtomicInteger reported,
                             AtomicBoolean stop) throws InterruptedException {
        while (reported.get() < TASKS && !stop.get()) {
            List<QueuedTask> entries = f.queue.takeUpTo(1 + r.nextInt(4), Duration.ofMillis(5));
            if (entries.isEmpty()) {
                continue;
            }
            List<TaskLease> leases = f.attempts.handOutAll(entries, executor);
            assertEquals(entries.size(), leases.size(), "a lease for every entry (none is stale): " + entries);
            for (int k = 0; k < entries.size(); k++) {
                QueuedTask e = entries.get(k);
                TaskLease l = leases.get(k);
                assertEquals(e.key(), l.key(), "its own lease, in the order of the entries");
                String before = tokens.putIfAbsent(l.taskId(), l.token());
                assertEquals(null, before, l.taskId() + " handed out twice");
            }
            for (TaskLease l : leases) {
                report(f, r, l);
                reported.incrementAndGet();
            }
        }
    }

    private static void report(CoreFixture f, Random r, TaskLease l) throws InterruptedException {
        if (r.nextInt(8) == 0) {
            ReportResult wrong = f.attempts.report(l.key(), "not-" + l.token(), TaskOutcome.success());
            assertEquals(ReportResult.Status.WRONG_TOKEN, wrong.status(), wrong.toString());
            assertTrue(wrong.message().contains(l.key().toString()), "its own refusal: " + wrong);
        }
        if (r.nextInt(6) == 0) {
            // a resend racing the first copy: both acknowledged, the task recorded once
            ReportResult[] resent = new ReportResult[1];
            Thread t = (r.nextBoolean() ? Thread.ofVirtual() : Thread.ofPlatform()).start(
                    () -> resent[0] = f.attempts.report(l.key(), l.token(), TaskOutcome.success()));
            ReportResult first = f.attempts.report(l.key(), l.token(), TaskOutcome.success());
            assertTrue(t.join(HANG_GUARD), "the resend of " + l.key() + " hangs");
            for (ReportResult res : new ReportResult[] {first, resent[0]}) {
                assertTrue(res.accepted() && res.message().contains(l.key().toString()), "its own acknowledgement: " + res);
            }
            return;
        }
        ReportResult res = f.attempts.report(l.key(), l.token(), TaskOutcome.success());
        assertTrue(res.accepted(), res.toString());
        assertEquals(l.key() + " recorded as SUCCESS", res.message(), "its own acknowledgement");
    }
}
