package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.attempt;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.Store;

/**
 * Contract of {@link ppacer.api.spi.Store#leadership()} and {@link Store#fenced(long)}: one holder
 * at a time, renewals only by the holder at its epoch, expiry by the store's clock, an epoch that
 * increases at every acquisition, and (shared stores) writes under a stale epoch refused.
 */
public interface LeaseContract extends StoreUnderTest {
    /** A lease long enough never to expire during a test. */
    Duration LONG = Duration.ofSeconds(60);

    private LeaderLease lease() {
        return store().leadership();
    }

    private LeaderLeaseState acquire(String node) {
        return lease().tryAcquire(node, "http://" + node + ":9321", LONG).orElseThrow(() -> new AssertionError(node
                + " could not acquire the lease; current " + lease().current()));
    }

    /** The first candidate leads; the others get nothing while its lease lives. */
    @Test
    default void one_candidate_holds_the_lease_at_a_time() {
        assertEquals(Optional.empty(), lease().current(), "nobody held the lease yet");
        LeaderLeaseState a = acquire("node-a");
        assertTrue(a.epoch() >= 1, "epochs start at 1, was " + a.epoch());
        assertEquals("node-a", a.leaderId());
        assertEquals("http://node-a:9321", a.url());
        assertTrue(a.live() && a.remaining().compareTo(LONG) <= 0, a.toString());
        assertEquals(Optional.empty(), lease().tryAcquire("node-b", "", LONG));
        LeaderLeaseState seen = lease().current().orElseThrow();
        assertEquals(List.of(a.epoch(), "node-a", "http://node-a:9321"), List.of(seen.epoch(), seen.leaderId(), seen.url()));
        assertTrue(seen.live());
    }

    /** Only the holder at its epoch renews; acquiring again (same node) still moves the epoch on. */
    @Test
    default void renewal_is_for_the_holder_at_its_epoch_only() {
        LeaderLeaseState a = acquire("node-a");
        assertTrue(lease().renew("node-a", a.epoch(), LONG));
        assertFalse(lease().renew("node-b", a.epoch(), LONG));
        assertFalse(lease().renew("node-a", a.epoch() + 1, LONG));
        LeaderLeaseState again = acquire("node-a");
        assertEquals(a.epoch() + 1, again.epoch(), "every acquisition increases the epoch");
        assertFalse(lease().renew("node-a", a.epoch(), LONG), "the earlier epoch of the same node is deposed");
        assertTrue(lease().renew("node-a", again.epoch(), LONG));
    }

    /** An unrenewed lease expires by the store's clock and another node takes over with a higher epoch. */
    @Test
    default void an_expired_lease_is_taken_over_with_a_higher_epoch() throws InterruptedException {
        LeaderLeaseState a = lease().tryAcquire("node-a", "", Duration.ofMillis(300)).orElseThrow();
        assertEquals(Optional.empty(), lease().tryAcquire("node-b", "", LONG), "still live right after acquisition");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<LeaderLeaseState> b = Optional.empty();
        while (b.isEmpty() && System.nanoTime() < deadline) {
            b = lease().tryAcquire("node-b", "http://b", LONG);
            if (b.isEmpty()) {
                Thread.sleep(20); // polling the store's clock, bounded by the deadline above
            }
        }
        assertTrue(b.isPresent(), "the 300 ms lease of node-a never expired: " + lease().current());
        assertTrue(b.get().epoch() > a.epoch(), a + " then " + b.get());
        assertFalse(lease().renew("node-a", a.epoch(), LONG), "the deposed leader cannot renew");
        assertEquals("node-b", lease().current().orElseThrow().leaderId());
    }

    /** A released lease is free at once. */
    @Test
    default void a_released_lease_is_taken_over_at_once() {
        LeaderLeaseState a = acquire("node-a");
        lease().release("node-b", a.epoch());
        assertEquals(Optional.empty(), lease().tryAcquire("node-b", "", LONG), "only the holder releases");
        lease().release("node-a", a.epoch());
        assertFalse(lease().current().orElseThrow().live());
        assertTrue(acquire("node-b").epoch() > a.epoch());
    }

    /** After a takeover, every kind of write under the old epoch is refused and changes nothing. */
    @Test
    default void writes_under_a_stale_epoch_are_refused_and_change_nothing() {
        assumeTrue(lease().shared(), "a store serving one scheduler process needs no fencing");
        ensureStandardDags();
        LeaderLeaseState a = acquire("node-a");
        Store old = store().fenced(a.epoch());
        long run = old.dagRuns().insert(Fixtures.run(ETL, t(0)));
        old.attempts().insert(List.of(attempt(run, "extract", 0, t(1))));
        assertTrue(old.dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.RUNNING, t(2)), "current epoch writes");
        lease().release("node-a", a.epoch());
        LeaderLeaseState b = acquire("node-b");

        var toRunning = AttemptTransition.of(key(run, "extract", 0), TaskStatus.SCHEDULED, TaskStatus.RUNNING, t(3));
        StaleEpochException e = assertThrows(StaleEpochException.class, () -> old.attempts().transition(toRunning));
        assertEquals(List.of(a.epoch(), b.epoch()), List.of(e.staleEpoch(), e.currentEpoch()), e.getMessage());
        assertThrows(StaleEpochException.class, () -> old.attempts().transitionAll(List.of(toRunning)));
        assertThrows(StaleEpochException.class, () -> old.dagRuns().transition(run, DagRunStatus.RUNNING,
                DagRunStatus.SUCCESS, t(4)));
        assertThrows(StaleEpochException.class, () -> old.dagRuns().insert(Fixtures.run(ETL, t(10))));
        assertThrows(StaleEpochException.class, () -> old.attempts().insert(List.of(attempt(run, "load", 0, t(4)))));
        assertThrows(StaleEpochException.class, () -> old.dags().setPaused(ETL, true, t(4)));

        assertEquals(TaskStatus.SCHEDULED, store().attempts().find(key(run, "extract", 0)).orElseThrow().status());
        assertEquals(DagRunStatus.RUNNING, store().dagRuns().find(run).orElseThrow().status());
        assertEquals(Optional.empty(), store().dagRuns().find(ETL, t(10)));
        assertEquals(1, store().attempts().latest(run).size());
        assertFalse(store().dags().find(ETL).orElseThrow().paused());

        Store current = store().fenced(b.epoch());
        assertTrue(current.attempts().transition(toRunning), "the new leader's writes apply");
        assertEquals(List.of(true), current.attempts().transitionAll(List.of(AttemptTransition.of(key(run, "extract", 0),
                TaskStatus.RUNNING, TaskStatus.SUCCESS, t(5)))));
        current.close(); // closing a view leaves the store open
        assertEquals(TaskStatus.SUCCESS, store().attempts().find(key(run, "extract", 0)).orElseThrow().status());
    }
}
