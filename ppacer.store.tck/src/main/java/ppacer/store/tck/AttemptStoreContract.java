package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.FAILED;
import static ppacer.api.TaskStatus.FAILED_PENDING_RETRY;
import static ppacer.api.TaskStatus.RUNNING;
import static ppacer.api.TaskStatus.SCHEDULED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.api.TaskStatus.UPSTREAM_FAILED;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.attempt;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskAttemptStore;

/** Contract of {@link TaskAttemptStore}: inserts, compare-and-set transitions and reads. */
public interface AttemptStoreContract extends StoreUnderTest {
    private TaskAttemptStore attempts() {
        return store().attempts();
    }

    private TaskAttemptRecord found(AttemptKey key) {
        return attempts().find(key).orElseThrow(() -> new AssertionError(key + " not found"));
    }

    /** Inserted attempts read back with only their insert fields set. */
    @Test
    default void inserted_attempts_read_back() {
        long run = newRun(ETL, t(0));
        attempts().insert(List.of(attempt(run, "extract", 0, t(1)),
                new NewAttempt(key(run, "load", 0), UPSTREAM_FAILED, t(2))));
        assertEquals(new TaskAttemptRecord(key(run, "extract", 0), SCHEDULED, t(1), Optional.empty(), Optional.empty(),
                t(1), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), found(key(run, "extract", 0)));
        assertEquals(UPSTREAM_FAILED, found(key(run, "load", 0)).status());
        assertEquals(Optional.empty(), attempts().find(key(run, "extract", 1)));
        assertEquals(Optional.empty(), attempts().find(key(run, "nope", 0)));
        attempts().insert(List.of());
    }

    /** A batch holding an existing attempt is refused whole. */
    @Test
    default void duplicate_attempt_refuses_the_whole_batch() {
        long run = newRun(ETL, t(0));
        attempts().insert(List.of(attempt(run, "extract", 0, t(1))));
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> attempts().insert(
                List.of(attempt(run, "transform", 0, t(2)), attempt(run, "extract", 0, t(2)))));
        assertTrue(e.getMessage().contains("extract"), e.getMessage());
        assertEquals(Optional.empty(), attempts().find(key(run, "transform", 0)), "nothing of the batch inserted");
        assertEquals(t(1), found(key(run, "extract", 0)).updatedAt());
        assertThrows(DuplicateKeyException.class, () -> attempts().insert(
                List.of(attempt(run, "load", 0, t(3)), attempt(run, "load", 0, t(3)))));
        assertEquals(Optional.empty(), attempts().find(key(run, "load", 0)));
        attempts().insert(List.of(attempt(run, "load", 0, t(4))));
        assertEquals(SCHEDULED, found(key(run, "load", 0)).status());
    }

    /** The full life of an attempt: lease, extension, failure with error text. */
    @Test
    default void transitions_set_lease_times_and_error() {
        long run = newRun(ETL, t(0));
        AttemptKey k = key(run, "extract", 0);
        attempts().insert(List.of(attempt(run, "extract", 0, t(1))));
        assertTrue(attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, t(2)).withLease("exec-1", "tok-1", t(32))));
        TaskAttemptRecord r = found(k);
        assertEquals(RUNNING, r.status());
        assertEquals(Optional.of(t(2)), r.startedAt());
        assertEquals(t(2), r.updatedAt());
        assertEquals(Optional.of("exec-1"), r.executorId());
        assertEquals(Optional.of("tok-1"), r.token());
        assertEquals(Optional.of(t(32)), r.leaseDeadline());

        assertTrue(attempts().transition(AttemptTransition.of(k, RUNNING, RUNNING, t(20))
                .withLease("exec-1", "tok-1", t(50))), "lease extension");
        r = found(k);
        assertEquals(Optional.of(t(50)), r.leaseDeadline());
        assertEquals(Optional.of(t(2)), r.startedAt(), "an extension keeps startedAt");
        assertEquals(t(20), r.updatedAt());

        assertTrue(attempts().transition(AttemptTransition.of(k, RUNNING, FAILED, t(40)).withError("boom: x > 1\nline 2")));
        r = found(k);
        assertEquals(FAILED, r.status());
        assertEquals(Optional.of(t(40)), r.finishedAt());
        assertEquals(Optional.empty(), r.leaseDeadline(), "a finished attempt holds no lease");
        assertEquals(Optional.of("boom: x > 1\nline 2"), r.error());
        assertEquals(Optional.of("exec-1"), r.executorId(), "executor kept");
        assertEquals(Optional.of("tok-1"), r.token(), "token kept");
        assertEquals(t(1), r.scheduledAt());
    }

    /** A transition from the wrong status or for another attempt number is refused and changes nothing. */
    @Test
    default void transition_from_wrong_status_or_attempt_is_refused() {
        long run = newRun(ETL, t(0));
        AttemptKey k = key(run, "extract", 0);
        attempts().insert(List.of(attempt(run, "extract", 0, t(1))));
        assertFalse(attempts().transition(AttemptTransition.of(k, RUNNING, SUCCESS, t(2))));
        assertFalse(attempts().transition(AttemptTransition.of(key(run, "extract", 1), SCHEDULED, RUNNING, t(2))));
        assertFalse(attempts().transition(AttemptTransition.of(key(run + 1000, "extract", 0), SCHEDULED, RUNNING, t(2))));
        assertFalse(attempts().transition(AttemptTransition.of(key(run, "load", 0), SCHEDULED, RUNNING, t(2))));
        TaskAttemptRecord r = found(k);
        assertEquals(SCHEDULED, r.status());
        assertEquals(t(1), r.updatedAt());
        assertTrue(attempts().transition(AttemptTransition.of(k, SCHEDULED, SUCCESS, t(3))));
        assertFalse(attempts().transition(AttemptTransition.of(k, SCHEDULED, SUCCESS, t(4))), "a duplicate report");
        assertEquals(Optional.of(t(3)), found(k).finishedAt());
        assertEquals(Optional.empty(), found(k).startedAt());
    }

    /** transitionAll applies each in order on its own and reports each. */
    @Test
    default void transition_all_reports_each_transition() {
        long run = newRun(ETL, t(0));
        attempts().insert(List.of(attempt(run, "extract", 0, t(1)), attempt(run, "transform", 0, t(1))));
        AttemptKey e = key(run, "extract", 0);
        AttemptKey tr = key(run, "transform", 0);
        List<Boolean> applied = attempts().transitionAll(List.of(
                AttemptTransition.of(e, SCHEDULED, RUNNING, t(2)),
                AttemptTransition.of(tr, RUNNING, SUCCESS, t(2)),
                AttemptTransition.of(e, RUNNING, SUCCESS, t(3)),
                AttemptTransition.of(key(run, "load", 0), SCHEDULED, RUNNING, t(3)),
                AttemptTransition.of(tr, SCHEDULED, FAILED_PENDING_RETRY, t(4))));
        assertEquals(List.of(true, false, true, false, true), applied);
        assertEquals(SUCCESS, found(e).status());
        assertEquals(Optional.of(t(2)), found(e).startedAt());
        assertEquals(FAILED_PENDING_RETRY, found(tr).status());
        assertEquals(List.of(), attempts().transitionAll(List.of()));
    }

    /** latest() gives the highest attempt per task, ordered by task id; attempts() every one, oldest first. */
    @Test
    default void latest_and_attempts_per_task() {
        long run = newRun(ETL, t(0));
        long other = newRun(ETL, t(1));
        attempts().insert(List.of(attempt(run, "transform", 0, t(1)), attempt(run, "extract", 0, t(1)),
                attempt(other, "extract", 0, t(1))));
        attempts().transition(AttemptTransition.of(key(run, "extract", 0), SCHEDULED, FAILED_PENDING_RETRY, t(2)));
        attempts().insert(List.of(attempt(run, "extract", 1, t(3))));
        attempts().transition(AttemptTransition.of(key(run, "extract", 1), SCHEDULED, FAILED_PENDING_RETRY, t(4)));
        attempts().insert(List.of(attempt(run, "extract", 2, t(5))));
        List<TaskAttemptRecord> latest = attempts().latest(run);
        assertEquals(List.of(key(run, "extract", 2), key(run, "transform", 0)),
                latest.stream().map(TaskAttemptRecord::key).toList());
        assertEquals(SCHEDULED, latest.getFirst().status());
        assertEquals(List.of(0, 1, 2), attempts().attempts(run, "extract").stream().map(a -> a.key().attempt()).toList());
        assertEquals(List.of(FAILED_PENDING_RETRY, FAILED_PENDING_RETRY, SCHEDULED),
                attempts().attempts(run, "extract").stream().map(TaskAttemptRecord::status).toList());
        assertEquals(List.of(), attempts().attempts(run, "load"));
        assertEquals(List.of(), attempts().latest(run + 1000));
    }

    /** unfinished() lists SCHEDULED and RUNNING attempts by run then task. */
    @Test
    default void unfinished_lists_scheduled_and_running() {
        long r1 = newRun(ETL, t(0));
        long r2 = newRun(ETL, t(1));
        attempts().insert(List.of(attempt(r2, "extract", 0, t(1)), attempt(r1, "transform", 0, t(1)),
                attempt(r1, "extract", 0, t(1)), attempt(r1, "load", 0, t(1))));
        attempts().transition(AttemptTransition.of(key(r1, "transform", 0), SCHEDULED, RUNNING, t(2)));
        attempts().transition(AttemptTransition.of(key(r1, "load", 0), SCHEDULED, SUCCESS, t(2)));
        attempts().transition(AttemptTransition.of(key(r1, "extract", 0), SCHEDULED, FAILED_PENDING_RETRY, t(2)));
        assertEquals(List.of(key(r1, "transform", 0), key(r2, "extract", 0)),
                attempts().unfinished().stream().map(TaskAttemptRecord::key).toList());
        assertEquals(Map.of(RUNNING, 1L, SUCCESS, 1L, FAILED_PENDING_RETRY, 1L, SCHEDULED, 1L), attempts().countByStatus());
    }
}
