package ppacer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ppacer.api.protocol.DagRunTaskStatus;



import ppacer.api.protocol.TaskToExec;
import ppacer.testkit.Await;

class ReportBatcherTest {
    /** A batching link whose exchanges take a while, counting what is in flight. */
    private static final class SlowBatchLink extends BatchOnlyLink {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final ConcurrentHashMap<String, Integer> timesSent = new ConcurrentHashMap<>();
        final AtomicInteger handedOut = new AtomicInteger();

        @Override
        public ReportsReply reportAllAndTake(List<DagRunTaskStatus> statuses, String executorId, int max) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                batchSizes.add(statuses.size());
                statuses.forEach(s -> timesSent.merge(s.taskId(), 1, Integer::sum));
                TimeUnit.MILLISECONDS.sleep(5); // a round trip
                List<Optional<LinkException>> refusals = new ArrayList<>();
                for (DagRunTaskStatus s : statuses) {
                    refusals.add(s.taskId().startsWith("stale") ? Optional.of(new LinkException(
                            LinkException.Kind.CONFLICT, "stale", null)) : Optional.empty());
                }
                List<TaskToExec> tasks = new ArrayList<>();
                for (int i = 0; i < max; i++) {
                    tasks.add(new TaskToExec("d", "2024-01-01T00:00:00Z", "next" + handedOut.incrementAndGet(), 0, 1, "t",
                            null, 1000, java.util.Map.of()));
                }
                return new ReportsReply(refusals, tasks);
            } catch (InterruptedException e) {
                throw new LinkException(LinkException.Kind.TRANSIENT, "interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static DagRunTaskStatus status(String taskId) {
        return new DagRunTaskStatus("d", "2024-01-01T00:00:00Z", taskId, 0, "SUCCESS", null, 1L, "t", "e1");
    }

    @Test
    void concurrent_reports_are_each_sent_once_in_batches_with_a_bounded_number_of_exchanges_in_flight()
            throws InterruptedException {
        SlowBatchLink link = new SlowBatchLink();
        List<TaskToExec> extras = new CopyOnWriteArrayList<>();
        ReportBatcher batcher = new ReportBatcher(link, "e1", extras::add);
        int n = 2_000;
        ConcurrentHashMap<String, ReportBatcher.Pending> answers = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = (i % 10 == 0 ? "stale" : "ok") + i;
            threads.add(Thread.ofVirtual().start(() -> answers.put(id, batcher.report(status(id), true))));
        }
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(30)), "a reporter did not get its answer in time");
        }
        assertEquals(n, answers.size());
        assertEquals(n, link.timesSent.size());
        assertTrue(link.timesSent.values().stream().allMatch(c -> c == 1), "a report was sent twice");
        assertTrue(link.maxInFlight.get() <= ReportBatcher.MAX_IN_FLIGHT, "in flight: " + link.maxInFlight.get());
        assertTrue(link.batchSizes.stream().allMatch(s -> s >= 1 && s <= ReportBatcher.MAX_BATCH),
                "batch sizes " + link.batchSizes);
        assertTrue(link.batchSizes.size() < n / 4, "reports were not gathered: " + link.batchSizes.size()
                + " exchanges for " + n + " reports");
        answers.forEach((id, p) -> {
            assertNull(p.failure, id);
            assertEquals(id.startsWith("stale"), p.refusal.isPresent(), id);
            assertEquals(id.startsWith("stale"), p.next == null, id);
        });
        // the attempts handed out for refused reporters go to the extra handler, none is lost
        long nexts = answers.values().stream().filter(p -> p.next != null).count();
        // extras are handed over on their own threads
        Await.until(Duration.ofSeconds(60), () -> nexts + extras.size() >= link.handedOut.get(),
                () -> nexts + " next + " + extras.size() + " extras of " + link.handedOut.get());
        assertEquals(link.handedOut.get(), nexts + extras.size());
        assertFalse(extras.isEmpty());
    }
}
