package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.t;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.DeadlineStore;
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.MissedDeadline;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.Store;

/**
 * Contract of {@link DeadlineStore}: a missed deadline is claimed once per run (task id empty) and
 * per task, whatever the later claims say; reads list the run's own first, then by task id, with
 * exact instants; a stale leader's claim is refused; the rows go with their run when it is purged.
 */
public interface DeadlineContract extends StoreUnderTest {
    private DeadlineStore deadlines() {
        return store().deadlines();
    }

    /** The first claim wins; a second of the same run or task changes nothing. */
    @Test
    default void a_missed_deadline_is_claimed_once_per_run_and_per_task() {
        long run = newRun(ETL, t(0));
        long other = newRun(ETL, t(1));
        MissedDeadline whole = new MissedDeadline(run, Optional.empty(), t(60), t(61).plusNanos(123_000));
        MissedDeadline load = new MissedDeadline(run, Optional.of("load"), t(30), t(31));
        assertTrue(deadlines().claim(load));
        assertTrue(deadlines().claim(whole));
        assertFalse(deadlines().claim(new MissedDeadline(run, Optional.empty(), t(70), t(71))), "claimed before");
        assertFalse(deadlines().claim(load), "claimed before");
        assertTrue(deadlines().claim(new MissedDeadline(other, Optional.of("load"), t(30), t(32))), "another run's");
        assertEquals(List.of(whole, load), deadlines().missed(run));
        assertEquals(List.of(), deadlines().missed(other + 1000));
    }

    /** After a takeover the old leader's claim is refused and records nothing. */
    @Test
    default void a_stale_leaders_claim_is_refused() {
        assumeTrue(store().leadership().shared(), "a store serving one scheduler process needs no fencing");
        long run = newRun(ETL, t(0));
        LeaderLeaseState a = store().leadership().tryAcquire("node-a", "", Duration.ofMinutes(5)).orElseThrow();
        Store old = store().fenced(a.epoch());
        store().leadership().release("node-a", a.epoch());
        LeaderLeaseState b = store().leadership().tryAcquire("node-b", "", Duration.ofMinutes(5)).orElseThrow();
        MissedDeadline m = new MissedDeadline(run, Optional.empty(), t(60), t(61));
        assertThrows(StaleEpochException.class, () -> old.deadlines().claim(m));
        assertEquals(List.of(), deadlines().missed(run));
        assertTrue(store().fenced(b.epoch()).deadlines().claim(m), "the new leader claims it");
        assertFalse(store().fenced(b.epoch()).deadlines().claim(m));
    }

    /** A purged run's missed deadlines go with it. */
    @Test
    default void missed_deadlines_are_purged_with_their_run() {
        long done = newRun(ETL, t(0));
        long open = newRun(ETL, t(1));
        for (long r : List.of(done, open)) {
            assertTrue(deadlines().claim(new MissedDeadline(r, Optional.empty(), t(5), t(6))));
        }
        assertTrue(store().dagRuns().transition(done, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, t(10)));
        store().purgeFinishedRunsOlderThan(t(100));
        assertEquals(List.of(), deadlines().missed(done));
        assertEquals(1, deadlines().missed(open).size());
    }
}
