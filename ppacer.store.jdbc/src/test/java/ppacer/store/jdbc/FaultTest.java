package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.Stores;

/** Killed server sessions: operations fail fast or succeed, then succeed again, and data is intact. */
class FaultTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-02-02T02:02:02.000002Z");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void killed_connections_fail_fast_then_recover_without_restart(Dialect dialect) {
        TestDatabase db = TestDatabase.create(dialect);
        try (Store store = Stores.open(StoreConfig.of(db.url).with("timeout", TIMEOUT.toString()).with("poolSize", "4"))) {
            long run = store.dagRuns().insert(new NewDagRun("d", T0, DagRunStatus.RUNNING, "{}", ScheduleEventType.REGULAR, 1, T0));
            AttemptKey key = new AttemptKey(run, "a", 0);
            store.attempts().insert(List.of(new NewAttempt(key, TaskStatus.SCHEDULED, T0)));
            assertTrue(store.attempts().transition(AttemptTransition.of(key, TaskStatus.SCHEDULED, TaskStatus.RUNNING, T0)));
            for (int round = 0; round < 3; round++) {
                assertTrue(db.killSessions() > 0, "no session to kill");
                Instant lease = T0.plusSeconds(round + 1);
                boolean extended = eventually("lease extension", () -> store.attempts().transition(
                        AttemptTransition.of(key, TaskStatus.RUNNING, TaskStatus.RUNNING, T0).withLease("e", "t", lease)));
                assertTrue(extended);
                var found = eventually("find", () -> store.dagRuns().find(run));
                assertEquals(T0, found.orElseThrow().logicalTime());
                assertEquals(Optional.of(lease), store.attempts().find(key).orElseThrow().leaseDeadline());
            }
            assertEquals(TaskStatus.RUNNING, store.attempts().find(key).orElseThrow().status());
        } finally {
            db.drop();
        }
    }

    /**
     * Retries until success; every failure must be a StoreException naming the server. A failure must come,
     * not hang: the guard (a minute, far beyond the 3 s store timeout) catches a hang, it measures nothing.
     */
    private static <T> T eventually(String what, Supplier<T> op) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long start = System.nanoTime();
            try {
                return op.get();
            } catch (StoreException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(HANG) < 0, what + " took " + took + " to fail (store timeout " + TIMEOUT + ")");
                assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
                if (System.nanoTime() > deadline) {
                    fail(what + " did not recover within 30 s: " + e.getMessage(), e);
                }
            }
        }
    }
}
