package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.DEFERRED;
import static ppacer.api.TaskStatus.RUNNING;
import static ppacer.api.TaskStatus.SCHEDULED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AttemptDeferral;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DeferralStore;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.TaskAttemptRecord;

/**
 * Contract of {@link DeferralStore}: a deferral moves a RUNNING attempt to DEFERRED by compare-and-set
 * (its lease cleared, not finished) and stores its row in the same commit, replacing the previous one
 * of the attempt; a refused move stores nothing; the same attempt moves DEFERRED → SCHEDULED →
 * RUNNING → SUCCESS by plain transitions; DEFERRED attempts are unfinished and listed, earliest due
 * first, by {@code waiting()}; deferrals go with their run when it is purged.
 */
public interface DeferralContract extends StoreUnderTest {
    private DeferralStore deferrals() {
        return store().deferrals();
    }

    /** Inserts a SCHEDULED attempt and moves it to RUNNING. */
    private void running(AttemptKey k, Instant at) {
        store().attempts().insert(List.of(new NewAttempt(k, SCHEDULED, at)));
        assertTrue(store().attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, at)
                .withLease("exec-1", "tok-" + k.taskId(), at.plusSeconds(60))), k + " started");
    }

    /** The same attempt row deferred twice, poked again and succeeding; the row keeps the last deferral. */
    @Test
    default void a_deferral_moves_the_same_attempt_and_keeps_its_last_row() {
        long run = newRun(ETL, t(0));
        AttemptKey k = key(run, "extract", 0);
        running(k, t(1));
        Instant micros = t(60).plusNanos(123_456_000);
        AttemptDeferral first = new AttemptDeferral(k, micros, 1, t(1), "file /data/x.csv not found",
                Optional.of(Duration.ofHours(1)));
        assertTrue(deferrals().defer(first, t(2)));
        TaskAttemptRecord rec = store().attempts().find(k).orElseThrow();
        assertEquals(DEFERRED, rec.status());
        assertEquals(Optional.empty(), rec.leaseDeadline(), "a deferred attempt holds no lease");
        assertEquals(Optional.empty(), rec.finishedAt(), "a deferred attempt is not finished");
        assertEquals(Optional.of(first), deferrals().find(k));
        assertTrue(store().attempts().unfinished().stream().anyMatch(a -> a.key().equals(k)), "DEFERRED is unfinished");

        assertFalse(deferrals().defer(new AttemptDeferral(k, t(90), 2, t(1), "late copy", Optional.empty()), t(3)),
                "a late or duplicate deferral of a DEFERRED attempt is refused");
        assertEquals(Optional.of(first), deferrals().find(k), "a refused deferral stores nothing");

        assertTrue(store().attempts().transition(AttemptTransition.of(k, DEFERRED, SCHEDULED, t(60))));
        assertTrue(store().attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, t(61))
                .withLease("exec-2", "tok-2", t(120))));
        AttemptDeferral second = new AttemptDeferral(k, t(180), 2, t(1), "file /data/x.csv not found", Optional.empty());
        assertTrue(deferrals().defer(second, t(62)));
        assertEquals(Optional.of(second), deferrals().find(k), "replaced, not added");
        assertEquals(List.of(second), deferrals().ofRun(run));

        assertTrue(store().attempts().transition(AttemptTransition.of(k, DEFERRED, SCHEDULED, t(180))));
        assertTrue(store().attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, t(181))
                .withLease("exec-1", "tok-3", t(240))));
        assertTrue(store().attempts().transition(AttemptTransition.of(k, RUNNING, SUCCESS, t(182))));
        assertEquals(SUCCESS, store().attempts().find(k).orElseThrow().status());
        assertEquals(List.of(), deferrals().waiting(), "a succeeded attempt no longer waits");
    }

    /** Only DEFERRED attempts wait; earliest due first. */
    @Test
    default void waiting_lists_the_deferred_attempts_earliest_due_first() {
        long run = newRun(ETL, t(0));
        AttemptKey a = key(run, "extract", 0);
        AttemptKey b = key(run, "transform", 0);
        AttemptKey c = key(run, "load", 0);
        for (AttemptKey k : List.of(a, b, c)) {
            running(k, t(1));
        }
        AttemptDeferral late = new AttemptDeferral(a, t(500), 1, t(1), "not yet", Optional.empty());
        AttemptDeferral soon = new AttemptDeferral(b, t(100), 1, t(1), "not yet", Optional.empty());
        assertTrue(deferrals().defer(late, t(2)));
        assertTrue(deferrals().defer(soon, t(2)));
        assertEquals(List.of(soon, late), deferrals().waiting());
        assertTrue(store().attempts().transition(AttemptTransition.of(b, DEFERRED, SCHEDULED, t(100))));
        assertEquals(List.of(late), deferrals().waiting(), "a poked attempt no longer waits");
        assertEquals(Optional.empty(), deferrals().find(c));
    }

    /** A purged run's deferrals go with it; an unfinished run keeps its own. */
    @Test
    default void deferrals_are_purged_with_their_run() {
        long done = newRun(ETL, t(0));
        long open = newRun(ETL, t(1));
        for (long r : List.of(done, open)) {
            running(key(r, "extract", 0), t(2));
            assertTrue(deferrals().defer(new AttemptDeferral(key(r, "extract", 0), t(50), 1, t(2), "x", Optional.empty()),
                    t(3)));
        }
        assertTrue(store().dagRuns().transition(done, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, t(10)));
        store().purgeFinishedRunsOlderThan(t(100));
        assertEquals(List.of(), deferrals().ofRun(done));
        assertEquals(1, deferrals().ofRun(open).size());
    }
}
