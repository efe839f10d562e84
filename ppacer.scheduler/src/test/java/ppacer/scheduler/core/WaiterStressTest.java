package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ppacer.testkit.Stress;

/**
 * The {@link Waiter} hand-off (a wake remembered while its owner is busy), hammered: wakers on
 * platform and virtual threads bump a counter and wake; the owner waits (for a wake only, or until an
 * instant far away) and re-reads the counter. Safety: no wake-up is lost, so the owner sees the last
 * bump without any time limit but the hang guard. {@code -Dppacer.stress.seed=N} replays a run.
 */
class WaiterStressTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int WAKERS = 6;
    private static final int WAKES_EACH = 3000;

    @Test
    void no_wake_up_is_lost() throws Exception {
        Stress.run(this::run);
    }

    private void run(long seed) throws Exception {
        Random seeds = new Random(seed);
        Waiter waiter = new Waiter();
        AtomicLong bumps = new AtomicLong();
        long total = (long) WAKERS * WAKES_EACH;
        long ownerSeed = seeds.nextLong();
        AtomicLong seen = new AtomicLong();
        Thread owner = (seeds.nextBoolean() ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            Random r = new Random(ownerSeed);
            InstantSource clock = InstantSource.system();
            try {
                while (seen.get() < total) {
                    Instant due = r.nextBoolean() ? null : clock.instant().plus(Duration.ofDays(1));
                    waiter.awaitUntil(due, clock);
                    seen.set(bumps.get());
                    if (r.nextInt(4) == 0) {
                        Thread.yield(); // busy between waits: wakes arriving now must be remembered
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> wakers = new ArrayList<>();
        for (int w = 0; w < WAKERS; w++) {
            long mySeed = seeds.nextLong();
            wakers.add((seeds.nextBoolean() ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                Random r = new Random(mySeed);
                for (int i = 0; i < WAKES_EACH; i++) {
                    bumps.incrementAndGet();
                    waiter.wake();
                    if (r.nextInt(8) == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        for (Thread t : wakers) {
            assertTrue(t.join(HANG_GUARD), "a waker hangs");
        }
        boolean ended = owner.join(HANG_GUARD);
        if (!ended) {
            owner.interrupt();
        }
        assertTrue(ended, "the owner missed a wake-up: saw " + seen.get() + " of " + total);
        assertEquals(total, seen.get());
        assertTrue(waiter.wakeUps() >= 1);
    }
}
