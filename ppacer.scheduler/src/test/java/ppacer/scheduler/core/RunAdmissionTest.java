package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fairness of {@link RunAdmission}: backfill runs wait behind the DAG's scheduled and triggered runs. */
class RunAdmissionTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static RunAdmission.Waiting backfill(long runId, int day) {
        return new RunAdmission.Waiting("d", runId, T0.plusSeconds(86_400L * day), "{}", true);
    }

    private static RunAdmission.Waiting scheduled(long runId, int day) {
        return new RunAdmission.Waiting("d", runId, T0.plusSeconds(86_400L * day), "{}");
    }

    @Test
    void a_free_slot_goes_to_a_scheduled_run_before_older_backfill_runs() {
        RunAdmission a = new RunAdmission();
        a.register("d", 2, false);
        assertTrue(a.tryAcquireBackfill("d"));
        assertTrue(a.tryAcquireBackfill("d"));
        a.enqueue(backfill(3, 1));
        a.enqueue(backfill(4, 2));
        assertFalse(a.tryAcquire("d"), "no slot free");
        a.enqueue(scheduled(5, 300));
        assertEquals(1, a.queuedAhead("d"));
        assertTrue(a.backfillQueued("d", 3));
        assertFalse(a.backfillQueued("d", 5));
        assertEquals(0, a.activeOutsideBackfills("d"), "both active runs are backfill runs");
        a.release(new RunAdmission.Slot("d", true));
        assertEquals(List.of(5L), a.admit().stream().map(RunAdmission.Waiting::runId).toList(),
                "the scheduled run first, although its logical time is later");
        assertEquals(1, a.activeOutsideBackfills("d"));
        a.release(new RunAdmission.Slot("d", true));
        assertEquals(List.of(3L), a.admit().stream().map(RunAdmission.Waiting::runId).toList());
        assertEquals(1, a.activeOutsideBackfills("d"), "the admitted backfill run is counted as one");
        assertEquals(2, a.active("d"));
    }

    @Test
    void waiting_backfill_runs_never_hold_back_a_new_scheduled_run_but_a_waiting_run_holds_back_a_new_backfill_run() {
        RunAdmission a = new RunAdmission();
        a.register("d", 1, false);
        a.enqueue(backfill(1, 1));
        assertTrue(a.tryAcquire("d"), "a scheduled run takes the free slot before waiting backfill runs");
        a.release(new RunAdmission.Slot("d", false));
        assertFalse(a.tryAcquireBackfill("d"), "a new backfill run queues behind the waiting one");
        a.enqueue(scheduled(2, 5));
        assertFalse(a.tryAcquireBackfill("d"));
        assertEquals(List.of(2L), a.admit().stream().map(RunAdmission.Waiting::runId).toList());
        assertEquals(1, a.queued());
    }

    @Test
    void backfill_runs_are_admitted_in_creation_order_for_a_reverse_backfill() {
        RunAdmission a = new RunAdmission();
        a.register("d", 3, true);
        a.enqueue(backfill(10, 9));
        a.enqueue(backfill(11, 8));
        a.enqueue(backfill(12, 7));
        assertEquals(List.of(), a.admit(), "paused");
        a.paused("d", false);
        assertEquals(List.of(10L, 11L, 12L), a.admit().stream().map(RunAdmission.Waiting::runId).toList());
    }

    /** A new version of a DAG's code changes its limit at once: higher lets waiting runs in, lower lets none in. */
    @Test
    void registering_again_takes_the_new_limit() {
        RunAdmission a = new RunAdmission();
        a.register("d", 1, false);
        assertTrue(a.tryAcquire("d"));
        a.enqueue(new RunAdmission.Waiting("d", 2, Instant.parse("2026-01-02T00:00:00Z"), "{}"));
        a.enqueue(new RunAdmission.Waiting("d", 3, Instant.parse("2026-01-03T00:00:00Z"), "{}"));
        assertEquals(List.of(), a.admit());
        a.register("d", 3, false);
        assertEquals(3, a.max("d"));
        assertEquals(List.of(2L, 3L), a.admit().stream().map(RunAdmission.Waiting::runId).toList());
        a.register("d", 2, false);
        assertFalse(a.tryAcquire("d"), "3 active, limit 2");
        a.release(new RunAdmission.Slot("d", false));
        a.release(new RunAdmission.Slot("d", false));
        assertTrue(a.tryAcquire("d"), "1 active, limit 2");
        a.register("d", 2, true);
        a.release(new RunAdmission.Slot("d", false));
        assertFalse(a.tryAcquire("d"), "paused by the new settings");
    }
}
