package ppacer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ppacer.api.protocol.DagRunTaskStatus;



import ppacer.api.protocol.TaskToExec;
import ppacer.testkit.Await;
import ppacer.testkit.Stress;

/**
 * The report batcher's flat-combining hand-off, hammered with a seeded random link (random delays,
 * refusals, failed exchanges, fewer next attempts than asked) and reporters on platform and virtual
 * threads. Safety: every report is sent exactly once, every reporter gets the answer the link gave for
 * its own report, no more exchanges are in flight than allowed, no attempt handed out is lost, and
 * nobody waits forever (the only time limit is a generous hang guard). {@code -Dppacer.stress.seed=N}
 * replays a run; a failure names its seed.
 */
class ReportBatcherStressTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int REPORTERS = 12;
    private static final int REPORTS_EACH = 600;

    /** What the link decided for one report. */
    private enum Verdict { ACCEPTED, REFUSED, EXCHANGE_FAILED }

    private static final class RandomLink extends BatchOnlyLink {
        final Random random;
        final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
        final Map<String, String> nextOf = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger handedOut = new AtomicInteger();

        RandomLink(long seed) {
            this.random = new Random(seed);
        }

        private synchronized int roll(int bound) { // Random is shared by the exchanges in flight
            return random.nextInt(bound);
        }

        @Override
        public ReportsReply reportAllAndTake(List<DagRunTaskStatus> statuses, String executorId, int max) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                int delay = roll(4);
                if (delay == 1) {
                    Thread.yield();
                } else if (delay == 2) {
                    Thread.sleep(0, 200_000);
                }
                boolean fail = roll(10) == 0;
                for (DagRunTaskStatus s : statuses) {
                    Verdict v = fail ? Verdict.EXCHANGE_FAILED : roll(5) == 0 ? Verdict.REFUSED : Verdict.ACCEPTED;
                    if (verdicts.putIfAbsent(s.taskId(), v) != null) {
                        throw new AssertionError("report " + s.taskId() + " sent twice");
                    }
                }
                if (fail) {
                    throw roll(2) == 0 ? new LinkException(LinkException.Kind.TRANSIENT, "exchange failed", null)
                            : new IllegalStateException("exchange broke");
                }
                List<Optional<LinkException>> refusals = new ArrayList<>();
                for (DagRunTaskStatus s : statuses) {
                    refusals.add(verdicts.get(s.taskId()) == Verdict.REFUSED
                            ? Optional.of(new LinkException(LinkException.Kind.CONFLICT, "stale", null)) : Optional.empty());
                }
                List<TaskToExec> tasks = new ArrayList<>();
                int give = roll(max + 2); // fewer, as many, or one more than asked
                for (int i = 0; i < give; i++) {
                    tasks.add(new TaskToExec("d", "2024-01-01T00:00:00Z", "next" + handedOut.incrementAndGet(), 0, 1,
                            "t", null, 1000, Map.of()));
                }
                return new ReportsReply(refusals, tasks);
            } catch (InterruptedException e) {
                throw new AssertionError("a reporter was interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void every_report_is_sent_once_and_answered_to_its_reporter() throws Exception {
        Stress.run(this::run);
    }

    private void run(long seed) throws Exception {
        Random seeds = new Random(seed);
        RandomLink link = new RandomLink(seeds.nextLong());
        AtomicInteger extras = new AtomicInteger();
        ReportBatcher batcher = new ReportBatcher(link, "e1", t -> extras.incrementAndGet());
        Map<String, ReportBatcher.Pending> answers = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < REPORTERS; r++) {
            int me = r;
            long mySeed = seeds.nextLong();
            Thread.Builder b = seeds.nextBoolean() ? Thread.ofVirtual() : Thread.ofPlatform();
            threads.add(b.start(() -> {
                Random rr = new Random(mySeed);
                for (int i = 0; i < REPORTS_EACH; i++) {
                    String id = "r" + me + "-" + i;
                    answers.put(id, batcher.report(new DagRunTaskStatus("d", "2024-01-01T00:00:00Z", id, 0, "SUCCESS",
                            null, 1L, "t", "e1"), rr.nextBoolean()));
                    if (rr.nextInt(8) == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            assertTrue(t.join(HANG_GUARD), "a reporter hangs (lost wake-up?) after " + answers.size() + " answers");
        }
        int n = REPORTERS * REPORTS_EACH;
        assertEquals(n, answers.size());
        assertEquals(n, link.verdicts.size(), "every report sent exactly once");
        assertTrue(link.maxInFlight.get() <= ReportBatcher.MAX_IN_FLIGHT, "in flight: " + link.maxInFlight.get());
        long nexts = 0;
        for (var e : answers.entrySet()) {
            ReportBatcher.Pending p = e.getValue();
            Verdict v = link.verdicts.get(e.getKey());
            assertTrue(p.ticket.isDone(), e.getKey());
            assertEquals(v == Verdict.EXCHANGE_FAILED, p.failure != null, e.getKey() + " " + v);
            assertEquals(v == Verdict.REFUSED, p.refusal.isPresent(), e.getKey() + " " + v);
            if (p.next != null) {
                assertTrue(p.wantsNext && v == Verdict.ACCEPTED, e.getKey() + " got a next attempt it did not ask for");
                nexts++;
            }
        }
        long assigned = nexts;
        // extras are handed over on their own threads
        Await.until(HANG_GUARD, () -> assigned + extras.get() >= link.handedOut.get(),
                () -> assigned + " next + " + extras.get() + " extras of " + link.handedOut.get());
        assertEquals(link.handedOut.get(), nexts + extras.get(), "every attempt handed out reached a reporter or the"
                + " extra handler");
    }
}
