package ppacer.api.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Group commit through {@link CommitTicket}, hammered: submitters on platform and virtual threads
 * queue items and wait on their tickets (spinning, parking, or with a time limit); one committer
 * takes random batches and completes them one by one, as a tree, or with a failure. Safety: every
 * item is committed exactly once, every submitter sees its own item's outcome, and nobody waits
 * forever (no lost wake-up; the only time limit is a generous hang guard).
 */
class CommitTicketStressTest {
    private static final int SUBMITTERS = 8;
    private static final int ITEMS_EACH = 5000;
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private record Item(int id, CommitTicket<Integer> ticket) {
    }

    @Test
    void every_submitter_sees_its_own_commit_exactly_once() throws Exception {
        Stress.run(this::groupCommit);
    }

    private void groupCommit(long seed) throws Exception {
        Random seeds = new Random(seed);
        ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
        AtomicIntegerArray committed = new AtomicIntegerArray(SUBMITTERS * ITEMS_EACH);
        AtomicLong seen = new AtomicLong();
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        // how each submitter waits: 0 spin-then-park (tree releases allowed), 1 park at once, 2 with a time limit
        int[] mode = new int[SUBMITTERS];
        for (int s = 0; s < SUBMITTERS; s++) {
            mode[s] = seeds.nextInt(3);
        }
        boolean anyTimed = java.util.Arrays.stream(mode).anyMatch(m -> m == 2);
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            int me = s;
            long mySeed = seeds.nextLong();
            Thread.Builder b = seeds.nextBoolean() ? Thread.ofVirtual() : Thread.ofPlatform();
            submitters.add(b.name("submitter-" + s).start(() -> {
                Random r = new Random(mySeed);
                for (int i = 0; i < ITEMS_EACH; i++) {
                    int id = me * ITEMS_EACH + i;
                    Item item = new Item(id, new CommitTicket<>());
                    queue.add(item);
                    switch (mode[me]) {
                        case 0 -> item.ticket().await(r.nextInt(3) * 20_000L);
                        case 1 -> item.ticket().await(0);
                        default -> {
                            try {
                                if (!item.ticket().await(HANG_GUARD)) {
                                    errors.add("item " + id + " not completed within the hang guard");
                                    return;
                                }
                            } catch (InterruptedException e) {
                                errors.add("interrupted");
                                return;
                            }
                        }
                    }
                    Integer v = item.ticket().value();
                    Throwable f = item.ticket().failure();
                    if (f != null ? !f.getMessage().equals("refused " + id) : v == null || v != id) {
                        errors.add("item " + id + " saw value " + v + " failure " + f);
                    }
                    seen.incrementAndGet();
                    if (r.nextInt(16) == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        Random cr = new Random(seeds.nextLong());
        Thread committer = Thread.ofPlatform().name("committer").start(() -> {
            int total = SUBMITTERS * ITEMS_EACH;
            int done = 0;
            long guardEnd = System.nanoTime() + HANG_GUARD.toNanos();
            while (done < total && System.nanoTime() - guardEnd < 0) {
                List<Item> batch = new ArrayList<>();
                int max = 1 + cr.nextInt(32);
                for (Item it; batch.size() < max && (it = queue.poll()) != null; ) {
                    batch.add(it);
                }
                if (batch.isEmpty()) {
                    Thread.yield();
                    continue;
                }
                for (Item it : batch) {
                    if (committed.incrementAndGet(it.id()) != 1) {
                        errors.add("item " + it.id() + " committed twice");
                    }
                }
                int how = cr.nextInt(anyTimed ? 2 : 3);
                if (how == 2) {
                    for (Item it : batch) {
                        it.ticket().set(it.id());
                    }
                    CommitTicket.releaseAll(batch.stream().map(Item::ticket).toList());
                } else {
                    for (Item it : batch) {
                        boolean first = how == 0 ? it.ticket().complete(it.id())
                                : it.ticket().fail(new IllegalStateException("refused " + it.id()));
                        boolean again = it.ticket().complete(-1); // a late second completion changes nothing
                        if (!first || again) {
                            errors.add("item " + it.id() + " completion not first-wins");
                        }
                    }
                }
                done += batch.size();
            }
        });
        for (Thread t : submitters) {
            assertTrue(t.join(HANG_GUARD), "a submitter hangs (lost wake-up?) after " + seen.get() + " items; errors "
                    + errors);
        }
        assertTrue(committer.join(HANG_GUARD), "the committer hangs");
        assertEquals(List.of(), errors.subList(0, Math.min(10, errors.size())));
        for (int i = 0; i < committed.length(); i++) {
            assertEquals(1, committed.get(i), "item " + i + " commits");
        }
        assertEquals(SUBMITTERS * ITEMS_EACH, seen.get());
    }

    @Test
    void a_nudge_wakes_a_briefly_parked_owner_without_completing_its_ticket() throws Exception {
        CommitTicket<String> t = new CommitTicket<>();
        Thread other = Thread.ofVirtual().start(() -> {
            while (t.owner().getState() != Thread.State.WAITING && t.owner().getState() != Thread.State.TIMED_WAITING) {
                Thread.yield();
            }
            t.nudge();
        });
        assertFalse(t.parkBriefly(HANG_GUARD.toNanos()), "returned on the nudge, not done");
        assertTrue(other.join(HANG_GUARD));
        assertTrue(t.complete("x"));
        assertTrue(t.parkBriefly(1));
        assertEquals("x", t.await(0).value());
    }
}
