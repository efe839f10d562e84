package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import ppacer.testkit.MutableClock;

class TaskQueueTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    private static QueuedTask task(String dag, long run, String id, int priority, int order) {
        return new QueuedTask(dag, run, id, 0, priority, T0.plusSeconds(run), order, Instant.MIN);
    }

    private static String takeId(TaskQueue q) {
        return q.poll().map(QueuedTask::taskId).orElse(null);
    }

    @Test
    void higher_priority_then_older_run_then_topological_order_come_first() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.offer(task("d", 2, "run2-a", 1, 0));
        q.offer(task("d", 1, "run1-b", 1, 1));
        q.offer(task("d", 1, "run1-a", 1, 0));
        q.offer(task("d", 3, "urgent", 5, 9));
        assertEquals(List.of("urgent", "run1-a", "run1-b", "run2-a"),
                List.of(takeId(q), takeId(q), takeId(q), takeId(q)));
        assertEquals(Optional.empty(), q.poll());
    }

    @Test
    void dags_with_equal_priority_are_served_round_robin() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        for (int i = 0; i < 3; i++) {
            q.offer(task("big", 1, "big" + i, 1, i));
        }
        q.offer(task("small", 2, "small0", 1, 0));
        q.offer(task("other", 3, "other0", 1, 0));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order.add(takeId(q));
        }
        assertEquals(List.of("big0", "small0", "other0", "big1", "big2"), order);
    }

    @Test
    void a_dag_at_its_active_task_limit_hands_out_nothing_until_a_release() {
        TaskQueue q = new TaskQueue(100, 100, d -> d.equals("limited") ? 1 : 10, clock);
        q.offer(task("limited", 1, "l0", 9, 0));
        q.offer(task("limited", 1, "l1", 9, 1));
        q.offer(task("free", 2, "f0", 1, 0));
        assertEquals("l0", takeId(q));
        assertEquals("f0", takeId(q), "the limited DAG is skipped although its task has a higher priority");
        assertEquals(null, takeId(q));
        q.release("limited");
        assertEquals("l1", takeId(q));
        assertEquals(2, q.running());
    }

    @Test
    void the_global_running_limit_stops_hand_outs() {
        TaskQueue q = new TaskQueue(100, 2, d -> 10, clock);
        for (int i = 0; i < 3; i++) {
            q.offer(task("d" + i, i, "t" + i, 1, 0));
        }
        assertEquals("t0", takeId(q));
        assertEquals("t1", takeId(q));
        assertEquals(null, takeId(q));
        q.release("d0");
        assertEquals("t2", takeId(q));
    }

    @Test
    void delayed_entries_become_visible_when_due_by_the_clock() {
        TaskQueue q = new TaskQueue(100, 100, d -> 10, clock);
        q.offer(new QueuedTask("d", 1, "retry", 1, 1, T0, 0, T0.plusSeconds(10)));
        assertEquals(1, q.size());
        assertEquals(null, takeId(q));
        clock.advance(Duration.ofMillis(9_999));
        assertEquals(null, takeId(q));
        clock.advance(Duration.ofMillis(1));
        assertEquals("retry", takeId(q));
        assertEquals(0, q.size());
    }

    @Test
    void take_waits_for_an_entry_and_times_out_empty() throws Exception {
        TaskQueue q = new TaskQueue(100, 100, d -> 10, clock);
        long start = System.nanoTime();
        assertEquals(Optional.empty(), q.take(Duration.ofMillis(50)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(45));
        CompletableFuture<Optional<QueuedTask>> taker = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.offer(task("d", 1, "late", 1, 0));
        assertEquals("late", taker.get(5, TimeUnit.SECONDS).orElseThrow().taskId());
    }

    @Test
    void take_up_to_returns_what_is_ready_without_waiting_for_more() throws Exception {
        TaskQueue q = new TaskQueue(100, 100, d -> 10, clock);
        q.offer(task("d", 1, "a", 1, 0));
        q.offer(task("d", 1, "b", 1, 1));
        List<QueuedTask> got = q.takeUpTo(5, Duration.ofSeconds(5));
        assertEquals(List.of("a", "b"), got.stream().map(QueuedTask::taskId).toList());
    }

    @Test
    void a_full_queue_makes_producers_wait_and_drops_nothing() throws Exception {
        TaskQueue q = new TaskQueue(2, 100, d -> 100, clock);
        assertTrue(q.offer(task("d", 1, "a", 1, 0)));
        assertTrue(q.offer(task("d", 1, "b", 1, 1)));
        assertFalse(q.offer(task("d", 1, "x", 1, 2)));
        assertFalse(q.put(task("d", 1, "x", 1, 2), Duration.ofMillis(20)));
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                q.put(task("d", 1, "c", 1, 2));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> producer.get(100, TimeUnit.MILLISECONDS), "the producer waits");
        assertEquals("a", takeId(q));
        producer.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("b", "c"), List.of(takeId(q), takeId(q)));
    }

    @Test
    void await_none_running_returns_when_the_last_entry_is_released() throws Exception {
        TaskQueue q = new TaskQueue(10, 10, d -> 10, clock);
        q.offer(task("d", 1, "a", 1, 0));
        q.poll();
        assertFalse(q.awaitNoneRunning(Duration.ofMillis(10)));
        q.release("d");
        assertTrue(q.awaitNoneRunning(Duration.ofMillis(10)));
    }

    /** A new version of a DAG's code changes its max active tasks at once: higher lets entries out, lower holds them. */
    @Test
    void refreshed_limits_apply_at_once() {
        java.util.concurrent.atomic.AtomicInteger limit = new java.util.concurrent.atomic.AtomicInteger(1);
        TaskQueue q = new TaskQueue(100, 100, d -> limit.get(), clock);
        for (int i = 0; i < 4; i++) {
            q.offer(task("d", 1, "t" + i, 1, i));
        }
        assertEquals("t0", takeId(q));
        assertEquals(null, takeId(q), "at the limit of 1");
        limit.set(3);
        assertEquals(null, takeId(q), "the limit is asked once until a refresh");
        q.refreshLimits();
        assertEquals(List.of("t1", "t2"), List.of(takeId(q), takeId(q)));
        assertEquals(null, takeId(q), "3 running, limit 3");
        limit.set(1);
        q.refreshLimits();
        q.release("d");
        assertEquals(null, takeId(q), "2 running, limit 1");
    }
}
