package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ready entries hand out the order of one heap, whatever order entries arrive and leave in. */
class ReadyEntriesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static QueuedTask entry(int order, int priority, int lt) {
        return new QueuedTask("d", 1, "t" + order, 0, priority, T.plusSeconds(lt), order, Instant.MIN);
    }

    @Test
    void interleaved_adds_and_polls_in_any_order_come_out_as_from_one_heap() {
        SplittableRandom random = new SplittableRandom(16);
        for (int round = 0; round < 200; round++) {
            ReadyEntries ready = new ReadyEntries();
            PriorityQueue<QueuedTask> reference = new PriorityQueue<>(QueuedTask.ORDER);
            int next = 0;
            for (int step = 0; step < 2_000; step++) {
                if (random.nextInt(3) > 0) {
                    // mostly in order, with outliers ahead and behind, like tasks of a DAG becoming ready
                    int order = switch (random.nextInt(10)) {
                        case 0 -> next + 50 + random.nextInt(100);
                        case 1 -> Math.max(0, next - random.nextInt(20));
                        default -> next++;
                    };
                    QueuedTask e = entry(order, 1 + random.nextInt(round % 3 == 0 ? 3 : 1), random.nextInt(2));
                    ready.add(e);
                    reference.add(e);
                } else {
                    QueuedTask expected = reference.peek();
                    assertEquals(expected, ready.peek());
                    assertEquals(expected, ready.poll());
                    reference.poll();
                }
            }
            List<QueuedTask> rest = new ArrayList<>();
            for (QueuedTask e; (e = ready.poll()) != null; ) {
                rest.add(e);
            }
            List<QueuedTask> expected = new ArrayList<>();
            for (QueuedTask e; (e = reference.poll()) != null; ) {
                expected.add(e);
            }
            assertEquals(expected, rest);
            assertNull(ready.peek());
        }
    }
}
