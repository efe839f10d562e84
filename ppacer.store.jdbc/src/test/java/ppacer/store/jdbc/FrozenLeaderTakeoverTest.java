package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.testkit.Await;

/**
 * A leader frozen inside a fenced write transaction (as under SIGSTOP, a long GC pause or a
 * half-open connection: the database sees a session idle in a transaction that holds the shared
 * lock of the lease row and row locks of its writes) does not block the takeover: once its lease
 * has expired, the standby's acquisition ends the sessions that block it, the new leader's
 * recovery writes the rows the frozen one had locked, and the frozen transaction, resumed, fails
 * with {@link StaleEpochException} and changes nothing. Two stores on one database stand for two
 * scheduler processes. The store timeout is long (two minutes), so neither the server-side idle
 * and lock bounds nor the client's socket timeout end the frozen transaction within the waits here:
 * only the takeover can.
 */
class FrozenLeaderTakeoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-04-04T04:04:04.000004Z");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void a_frozen_leader_does_not_block_the_takeover_and_its_resumed_write_is_stale(Dialect dialect) throws Exception {
        TestDatabase db = TestDatabase.create(dialect);
        StoreConfig config = StoreConfig.of(db.url).with("timeout", "PT120S");
        try (Store a = Stores.open(config); Store b = Stores.open(config)) {
            LeaderLeaseState leaseA = a.leadership().tryAcquire("node-a", "http://a", Duration.ofSeconds(1)).orElseThrow();
            Store fencedA = a.fenced(leaseA.epoch());
            long run = fencedA.dagRuns().insert(new NewDagRun("d", T0, DagRunStatus.RUNNING, "{}",
                    ScheduleEventType.REGULAR, 1, T0));
            AttemptKey key = new AttemptKey(run, "t", 0);
            fencedA.attempts().insert(List.of(new NewAttempt(key, TaskStatus.SCHEDULED, T0)));

            // A's fenced transaction locks the lease row (shared) and the attempt's row, then freezes
            CountDownLatch frozen = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            JdbcGateway frozenDb = ((JdbcStore) fencedA).db();
            CompletableFuture<Long> frozenWrite = CompletableFuture.supplyAsync(() -> frozenDb.tx("A's frozen write", tx -> {
                long n = JdbcGateway.dml(tx, "UPDATE task_attempts SET status = 'RUNNING' WHERE run_id = ? AND task_id = 't'", run);
                frozen.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return n + JdbcGateway.dml(tx, "UPDATE dag_runs SET status = 'SUCCESS' WHERE run_id = ?", run);
            }), r -> Thread.ofPlatform().daemon().start(r));
            assertTrue(frozen.await(WAIT.toSeconds(), TimeUnit.SECONDS), "A's transaction started");

            try {
                // B takes over once A's 1 s lease has expired (by the database clock)
                LeaderLeaseState leaseB = within("B's takeover of " + leaseA, () -> Await.value(WAIT,
                        () -> b.leadership().tryAcquire("node-b", "http://b", Duration.ofSeconds(60)),
                        () -> "B never acquired the lease; the current one is " + b.leadership().current()));
                assertEquals(leaseA.epoch() + 1, leaseB.epoch());
                assertEquals("node-b", b.leadership().current().orElseThrow().leaderId());

                // B's recovery writes the rows A had locked
                Store fencedB = b.fenced(leaseB.epoch());
                assertTrue(within("B's recovery write of the attempt A locked", () -> fencedB.attempts().transition(
                        AttemptTransition.of(key, TaskStatus.SCHEDULED, TaskStatus.UPSTREAM_FAILED, T0.plusSeconds(1)))));
                assertTrue(within("B's recovery write of the run A locked", () -> fencedB.dagRuns().transition(run,
                        DagRunStatus.RUNNING, DagRunStatus.FAILED, T0.plusSeconds(2))));
            } finally {
                resume.countDown();
            }

            // A resumes: its write is refused as stale and changed nothing
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> frozenWrite.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            StaleEpochException stale = assertInstanceOf(StaleEpochException.class, e.getCause(), () -> String.valueOf(e.getCause()));
            assertEquals(List.of(leaseA.epoch(), leaseA.epoch() + 1), List.of(stale.staleEpoch(), stale.currentEpoch()),
                    stale.getMessage());
            assertEquals(TaskStatus.UPSTREAM_FAILED, b.attempts().find(key).orElseThrow().status());
            assertEquals(DagRunStatus.FAILED, b.dagRuns().find(run).orElseThrow().status());
            // and A's later writes through its fenced view are refused too
            org.junit.jupiter.api.Assertions.assertThrows(StaleEpochException.class, () -> fencedA.dagRuns().transition(run,
                    DagRunStatus.FAILED, DagRunStatus.SUCCESS, T0.plusSeconds(3)));
        } finally {
            db.drop();
        }
    }

    /** Runs {@code op} on its own thread and waits for it with the generous {@link #WAIT}. */
    private static <T> T within(String what, Supplier<T> op) throws Exception {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(op, r -> Thread.ofPlatform().daemon().start(r));
        try {
            return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + WAIT, e);
        }
    }
}
