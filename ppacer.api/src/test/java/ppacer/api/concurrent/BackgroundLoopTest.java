package ppacer.api.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @Test
    void a_failing_step_is_backed_off_and_the_loop_goes_on() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch fifth = new CountDownLatch(1);
        BackgroundLoop loop = BackgroundLoop.named("failing").backoff(() -> Backoff.fixed(Duration.ofMillis(1)))
                .start(() -> {
                    if (runs.incrementAndGet() >= 5) {
                        fifth.countDown();
                    }
                    throw new IllegalStateException("boom " + runs.get());
                });
        assertTrue(fifth.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "the loop survives failures");
        assertTrue(loop.stopAndJoin(HANG_GUARD));
    }

    @Test
    void an_interrupt_ends_the_loop_and_stop_is_idempotent() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        BackgroundLoop loop = BackgroundLoop.named("waits").virtual(true).build(() -> {
            waiting.countDown();
            Thread.sleep(HANG_GUARD);
        });
        Thread t = Thread.ofPlatform().start(loop::run);
        assertTrue(waiting.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
        t.interrupt();
        assertTrue(t.join(HANG_GUARD), "an interrupt ends the loop");
        assertTrue(loop.stopping());
        loop.stop();
        loop.stop();
        assertTrue(loop.stopAndJoin(HANG_GUARD));
    }

    @Test
    void a_step_that_stops_its_own_loop_is_the_last_one() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        BackgroundLoop[] self = new BackgroundLoop[1];
        self[0] = BackgroundLoop.named("once").build(() -> {
            runs.incrementAndGet();
            self[0].stop();
        });
        self[0].start();
        assertTrue(self[0].join(HANG_GUARD));
        assertEquals(1, runs.get());
    }

    /** Loops stopped at random moments (before start, while working, while waiting) always end. */
    @Test
    void stop_at_any_moment_ends_every_loop() throws Exception {
        Stress.run(seed -> {
            Random r = new Random(seed);
            List<BackgroundLoop> loops = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int kind = r.nextInt(4);
                BackgroundLoop loop = BackgroundLoop.named("loop-" + i).virtual(r.nextBoolean())
                        .backoff(() -> Backoff.fixed(Duration.ofMillis(1))).build(() -> {
                            switch (kind) {
                                case 0 -> Thread.sleep(HANG_GUARD);
                                // a virtual thread never spins: yielding carriers starve unparked virtual threads
                                case 1 -> {
                                    if (Thread.currentThread().isVirtual()) {
                                        BackgroundLoop.sleep(Duration.ofNanos(500));
                                    } else {
                                        Thread.yield();
                                    }
                                }
                                case 2 -> throw new IllegalStateException("step fails");
                                default -> BackgroundLoop.sleep(Duration.ofNanos(1000));
                            }
                        });
                loops.add(loop);
                if (r.nextInt(8) != 0) {
                    loop.start();
                }
                if (r.nextBoolean()) {
                    Thread.yield();
                }
                if (r.nextInt(4) == 0) {
                    loops.get(r.nextInt(loops.size())).stop();
                }
            }
            try {
                for (BackgroundLoop loop : loops) {
                    assertTrue(loop.stopAndJoin(HANG_GUARD), loop.name() + " ended after stop()");
                    assertTrue(loop.stopping());
                }
                assertFalse(loops.isEmpty());
            } finally {
                loops.forEach(BackgroundLoop::stop); // leave no spinning thread to the next tests
            }
        });
    }
}
