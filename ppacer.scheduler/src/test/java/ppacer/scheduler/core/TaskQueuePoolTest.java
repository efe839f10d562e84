package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.model.PoolUsage;
import ppacer.testkit.MutableClock;

class TaskQueuePoolTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    private static QueuedTask task(String dag, long run, String id, int priority, String pool, int slots) {
        return new QueuedTask(dag, run, id, 0, priority, T0.plusSeconds(run), 0, Instant.MIN, pool,
                pool == null ? 0 : slots);
    }

    private static String takeId(TaskQueue q) {
        return q.poll().map(QueuedTask::taskId).orElse(null);
    }

    private static void release(TaskQueue q, QueuedTask t) {
        q.release(t);
    }

    @Test
    void a_full_pool_hands_out_nothing_of_it_until_a_holder_releases() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.setPool("warehouse", 2);
        for (int i = 0; i < 4; i++) {
            q.offer(task("d" + (i % 3), i, "w" + i, 1, "warehouse", 1));
        }
        QueuedTask a = q.poll().orElseThrow();
        QueuedTask b = q.poll().orElseThrow();
        assertNull(takeId(q), "2 slots, 2 holders");
        PoolUsage u = q.poolUsage("warehouse").orElseThrow();
        assertEquals(2, u.used());
        assertEquals(2, u.waiting());
        assertEquals(List.of(a.key(), b.key()), u.holders());
        assertFalse(u.fits(1));
        release(q, a);
        assertTrue(q.poll().isPresent());
        assertNull(takeId(q));
        assertEquals(2, q.poolUsage("warehouse").orElseThrow().used());
    }

    @Test
    void a_task_whose_pool_is_full_does_not_block_tasks_of_other_pools_or_none_behind_it() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.setPool("p", 1);
        q.setPool("other", 5);
        q.offer(task("d", 1, "p1", 9, "p", 1));
        q.offer(task("d", 1, "p2", 9, "p", 1));
        q.offer(task("d", 2, "none", 1, null, 0));
        q.offer(task("d", 3, "o", 1, "other", 1));
        assertEquals("p1", takeId(q));
        List<String> rest = new ArrayList<>(List.of(takeId(q), takeId(q)));
        rest.sort(null);
        assertEquals(List.of("none", "o"), rest, "the same DAG's tasks outside the full pool go");
        assertNull(takeId(q));
        q.release("d", "p", new AttemptKey(1, "p1", 0));
        assertEquals("p2", takeId(q));
    }

    @Test
    void a_free_slot_goes_to_the_highest_priority_then_the_oldest_run() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.setPool("p", 1);
        QueuedTask first = task("a", 0, "first", 1, "p", 1);
        q.offer(first);
        assertEquals("first", takeId(q));
        q.offer(task("a", 5, "a-new", 1, "p", 1));
        q.offer(task("a", 2, "a-old", 1, "p", 1));
        q.offer(task("b", 9, "b-urgent", 7, "p", 1));
        release(q, first);
        assertEquals("b-urgent", takeId(q));
        q.release("b", "p", new AttemptKey(9, "b-urgent", 0));
        assertEquals("a-old", takeId(q));
        q.release("a", "p", new AttemptKey(2, "a-old", 0));
        assertEquals("a-new", takeId(q));
    }

    @Test
    void across_dags_a_free_slot_goes_to_the_oldest_run_of_the_top_priority_not_to_the_dags_in_turn() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.setPool("p", 1);
        q.offer(task("a", 5, "a5", 1, "p", 1));
        q.offer(task("b", 2, "b2", 1, "p", 1));
        q.offer(task("c", 9, "c9", 1, "p", 1));
        q.offer(task("a", 7, "a7", 1, "p", 1));
        q.offer(task("d", 1, "d1-free", 1, null, 0));
        q.offer(task("c", 3, "c3-urgent", 4, "p", 1));
        List<String> order = new ArrayList<>();
        QueuedTask t;
        while ((t = q.poll().orElse(null)) != null) {
            order.add(t.taskId());
            q.release(t);
        }
        assertEquals(List.of("c3-urgent", "b2", "a5", "a7", "c9"), order.stream().filter(x -> !x.startsWith("d")).toList(),
                "priority, then the oldest run whichever its DAG");
        assertTrue(order.contains("d1-free"));
    }

    @Test
    void a_task_taking_several_slots_waits_until_that_many_are_free() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.setPool("p", 3);
        QueuedTask one = task("a", 1, "one", 5, "p", 2);
        q.offer(one);
        q.offer(task("b", 2, "two", 1, "p", 2));
        assertEquals("one", takeId(q));
        assertNull(takeId(q), "1 free slot, 2 needed");
        assertEquals(1, q.poolUsage("p").orElseThrow().free());
        release(q, one);
        assertEquals("two", takeId(q));
        assertEquals(2, q.poolUsage("p").orElseThrow().used());
    }

    @Test
    void growing_a_pool_lets_waiting_tasks_go_at_once_and_shrinking_lets_holders_finish() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.setPool("p", 1);
        for (int i = 0; i < 5; i++) {
            q.offer(task("d" + i, i, "t" + i, 1, "p", 1));
        }
        QueuedTask t0 = q.poll().orElseThrow();
        assertNull(takeId(q));
        q.setPool("p", 3);
        QueuedTask t1 = q.poll().orElseThrow();
        QueuedTask t2 = q.poll().orElseThrow();
        assertNull(takeId(q));
        q.setPool("p", 1);
        PoolUsage u = q.poolUsage("p").orElseThrow();
        assertEquals(3, u.used());
        assertEquals(0, u.free());
        release(q, t0);
        assertNull(takeId(q), "2 holders left on 1 slot");
        release(q, t1);
        assertNull(takeId(q), "1 holder on 1 slot");
        release(q, t2);
        assertTrue(q.poll().isPresent());
    }

    @Test
    void an_undefined_pool_has_no_slots_until_it_is_defined() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.offer(task("d", 1, "t", 1, "nowhere", 1));
        assertNull(takeId(q));
        PoolUsage u = q.poolUsage("nowhere").orElseThrow();
        assertFalse(u.defined());
        assertEquals(1, u.waiting());
        q.setPool("nowhere", 1);
        assertEquals("t", takeId(q));
        q.removePool("nowhere");
        assertFalse(q.poolUsage("nowhere").orElseThrow().defined());
        assertEquals(1, q.poolUsage("nowhere").orElseThrow().used(), "the holder keeps its slot");
    }

    @Test
    void recovered_holders_count_against_their_pool_even_beyond_its_size() {
        TaskQueue q = new TaskQueue(100, 100, d -> 100, clock);
        q.setPool("p", 1);
        AttemptKey k1 = new AttemptKey(1, "a", 1);
        AttemptKey k2 = new AttemptKey(2, "a", 1);
        q.acquire("d", "p", 1, k1);
        q.acquire("d", "p", 1, k2);
        q.offer(task("d", 3, "waits", 1, "p", 1));
        assertNull(takeId(q));
        assertEquals(List.of(k1, k2), q.poolUsage("p").orElseThrow().holders());
        q.release("d", "p", k1);
        assertNull(takeId(q));
        q.release("d", "p", k2);
        assertEquals("waits", takeId(q));
        assertThrows(IllegalStateException.class, () -> q.release("d", "p", k2), "a second release of one holder");
    }

    @Test
    void random_takes_and_releases_never_exceed_a_pool_and_leave_nothing_held() {
        Random random = new Random(20);
        TaskQueue q = new TaskQueue(10_000, 50, d -> 4, clock);
        Map<String, Integer> sizes = Map.of("a", 2, "b", 3, "c", 1);
        sizes.forEach(q::setPool);
        String[] poolNames = {"a", "b", "c", null};
        int offered = 0;
        for (int run = 0; run < 300; run++) {
            String pool = poolNames[random.nextInt(poolNames.length)];
            q.offer(task("d" + random.nextInt(5), run, "t" + run, random.nextInt(3), pool, 1 + random.nextInt(2)));
            offered++;
        }
        List<QueuedTask> held = new ArrayList<>();
        int done = 0;
        while (done < offered) {
            QueuedTask t;
            while ((t = q.poll().orElse(null)) != null) {
                held.add(t);
            }
            Map<String, Integer> used = new HashMap<>();
            for (QueuedTask h : held) {
                if (h.pool() != null) {
                    used.merge(h.pool(), h.poolSlots(), Integer::sum);
                }
            }
            for (Map.Entry<String, Integer> e : used.entrySet()) {
                assertTrue(e.getValue() <= sizes.get(e.getKey()),
                        "pool " + e.getKey() + " holds " + e.getValue());
                assertEquals(e.getValue(), q.poolUsage(e.getKey()).orElseThrow().used());
            }
            if (held.isEmpty()) {
                // only tasks needing 2 slots of the 1-slot pool are left: they wait forever
                break;
            }
            QueuedTask r = held.remove(random.nextInt(held.size()));
            q.release(r);
            done++;
        }
        for (String p : sizes.keySet()) {
            assertEquals(0, q.poolUsage(p).orElseThrow().used());
        }
        assertEquals(0, q.running());
        int stuck = q.size();
        assertEquals(q.poolUsage("c").orElseThrow().waiting(), stuck, "only 2-slot tasks of the 1-slot pool are left");
    }
}
