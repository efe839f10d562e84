package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.testkit.MutableClock;

/**
 * Issue 18 point 2 in the task queue: at equal priority weight the entries of scheduled or triggered
 * runs are handed out before those of backfill runs, inside one DAG (whatever the logical times),
 * between DAGs (whatever the round-robin turn) and for free pool slots; a higher priority weight still
 * goes first; round-robin between DAGs holds inside each group.
 */
class TaskQueueFairnessTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    /** An entry named {@code dag/run/task}; run ids grow with logical time. */
    private static QueuedTask entry(String dag, long run, String task, int priority, boolean backfill, String pool) {
        return new QueuedTask(dag, run, dag + "/" + run + "/" + task, 0, priority, T0.plus(Duration.ofDays(run)), 0,
                Instant.MIN, pool, pool == null ? 0 : 1, backfill);
    }

    private static QueuedTask backfill(String dag, long run, String task) {
        return entry(dag, run, task, 1, true, null);
    }

    private static QueuedTask scheduled(String dag, long run, String task) {
        return entry(dag, run, task, 1, false, null);
    }

    /** Polls and releases at once until empty: the hand-out order with one executor slot. */
    private static List<String> drain(TaskQueue q) {
        List<String> out = new ArrayList<>();
        Optional<QueuedTask> t;
        while ((t = q.poll()).isPresent()) {
            out.add(t.get().taskId());
            q.release(t.get());
        }
        return out;
    }

    private TaskQueue queue() {
        return new TaskQueue(1000, 1, d -> 10, clock);
    }

    @Test
    void order_puts_a_run_outside_backfills_before_older_backfill_runs_of_its_priority_only() {
        List<QueuedTask> l = new ArrayList<>(List.of(backfill("d", 1, "a"), scheduled("d", 9, "a"),
                entry("d", 2, "a", 5, true, null), backfill("d", 0, "a")));
        l.sort(QueuedTask.ORDER);
        assertEquals(List.of("d/2/a", "d/9/a", "d/0/a", "d/1/a"), l.stream().map(QueuedTask::taskId).toList());
        assertEquals(3L, scheduled("d", 1, "a").bucket());
        assertEquals(2L, backfill("d", 1, "a").bucket());
        assertTrue(entry("d", 1, "a", Integer.MAX_VALUE, true, null).bucket()
                > entry("d", 1, "a", Integer.MAX_VALUE - 1, false, null).bucket(), "no overflow");
        assertTrue(entry("d", 1, "a", Integer.MIN_VALUE, false, null).bucket()
                < entry("d", 1, "a", Integer.MIN_VALUE + 1, true, null).bucket(), "no overflow");
        assertTrue(backfill("d", 1, "a").withDueAt(T0).backfill(), "a retry of a backfill attempt stays one");
    }

    @Test
    void in_one_dag_a_triggered_run_goes_before_the_backfill_runs_with_older_logical_times() {
        TaskQueue q = queue();
        for (int run = 0; run < 5; run++) {
            q.offer(backfill("t", run, "x"));
        }
        q.offer(scheduled("t", 100, "x"));
        q.offer(scheduled("t", 50, "x"));
        assertEquals(List.of("t/50/x", "t/100/x", "t/0/x", "t/1/x", "t/2/x", "t/3/x", "t/4/x"), drain(q));
    }

    @Test
    void between_dags_a_lane_headed_by_a_triggered_entry_goes_before_lanes_headed_by_backfill_entries() {
        TaskQueue q = queue();
        q.offer(backfill("bf", 0, "x")); // first in line by the round-robin turn
        q.offer(backfill("bf", 1, "x"));
        q.offer(scheduled("a", 10, "x"));
        q.offer(scheduled("b", 10, "x"));
        q.offer(scheduled("a", 11, "x"));
        q.offer(scheduled("b", 11, "x"));
        assertEquals(List.of("a/10/x", "b/10/x", "a/11/x", "b/11/x", "bf/0/x", "bf/1/x"), drain(q),
                "round-robin between a and b, the backfill after both");
    }

    @Test
    void backfill_lanes_still_take_turns_among_themselves_and_a_lane_moves_up_when_a_triggered_entry_joins_it() {
        TaskQueue q = queue();
        for (int run = 0; run < 3; run++) {
            q.offer(backfill("p", run, "x"));
            q.offer(backfill("r", run, "x"));
        }
        QueuedTask first = q.poll().orElseThrow();
        assertEquals("p/0/x", first.taskId());
        q.release(first);
        q.offer(scheduled("r", 50, "x")); // r's lane is now headed by a triggered entry
        assertEquals(List.of("r/50/x", "p/1/x", "r/0/x", "p/2/x", "r/1/x", "r/2/x"), drain(q));
    }

    @Test
    void a_higher_priority_weight_still_goes_first_backfill_or_not() {
        TaskQueue q = queue();
        q.offer(scheduled("a", 10, "low"));
        q.offer(entry("bf", 0, "high", 5, true, null));
        q.offer(entry("c", 10, "mid", 3, false, null));
        assertEquals(List.of("bf/0/high", "c/10/mid", "a/10/low"), drain(q));
    }

    @Test
    void a_free_pool_slot_goes_to_a_triggered_entry_before_older_backfill_entries() {
        TaskQueue q = new TaskQueue(1000, 100, d -> 10, clock);
        q.setPool("db", 1);
        q.offer(entry("bf", 0, "x", 1, true, "db"));
        q.offer(entry("bf", 1, "x", 1, true, "db"));
        q.offer(entry("a", 10, "x", 1, false, "db"));
        q.offer(entry("bf", 20, "y", 1, false, "db")); // same DAG as the backfill, a triggered run
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            QueuedTask t = q.poll().orElseThrow();
            out.add(t.taskId());
            assertEquals(Optional.empty(), q.poll(), "one slot");
            q.release(t);
        }
        assertEquals(List.of("a/10/x", "bf/20/y", "bf/0/x", "bf/1/x"), out,
                "the triggered entries first (the oldest of them first), then the backfill's");
    }

    @Test
    void a_retry_of_a_backfill_attempt_that_comes_due_goes_behind_ready_triggered_entries() {
        TaskQueue q = queue();
        q.offer(backfill("t", 1, "x")); // t's lane is first in its turn
        q.offer(backfill("t", 0, "x").withDueAt(T0.plusSeconds(10)));
        q.offer(scheduled("u", 5, "x"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("u/5/x", "t/0/x", "t/1/x"), drain(q));
    }

    @Test
    void places_count_the_triggered_entries_a_backfill_entry_waits_behind() {
        TaskQueue q = queue();
        q.offer(backfill("t", 0, "x"));
        q.offer(scheduled("t", 7, "x"));
        q.offer(scheduled("t", 8, "x"));
        TaskQueue.Place p = q.places("t").place(0, "t/0/x", 0);
        assertEquals(TaskQueue.PlaceState.READY, p.state());
        assertEquals(3, p.position());
        assertEquals(2, p.aheadOutsideBackfills());
        TaskQueue.Place one = q.places("t", 0, "t/0/x").place(0, "t/0/x", 0);
        assertEquals(3, one.position());
        assertEquals(2, one.aheadOutsideBackfills());
        assertEquals(0, q.places("t").place(8, "t/8/x", 0).aheadOutsideBackfills(), "not a backfill's");
        assertEquals(0, q.places("t", 8, "t/8/x").place(8, "t/8/x", 0).aheadOutsideBackfills(), "not a backfill's");
    }
}
