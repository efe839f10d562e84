package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The timer behind attempt leases and deadlines: one entry per key, earliest first, no tick. */
class DueTimerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** An entry: a key and its due time. */
    private record E(String key, Instant at) {
    }

    private static DueTimer<String, E> timer(InstantSource clock, List<E> handled) {
        return new DueTimer<>(clock, E::key, E::at, handled::add);
    }

    @Test
    void entries_come_due_earliest_first_and_once() {
        List<E> handled = new ArrayList<>();
        DueTimer<String, E> t = timer(() -> T0, handled);
        t.schedule(new E("b", T0.plusSeconds(2)));
        t.schedule(new E("a", T0.plusSeconds(1)));
        t.schedule(new E("c", T0.plusSeconds(2)));
        assertEquals(T0.plusSeconds(1), t.runOnce(T0), "nothing due yet: the earliest due time");
        assertEquals(T0.plusSeconds(2), t.runOnce(T0.plusSeconds(1)));
        assertEquals(List.of(new E("a", T0.plusSeconds(1))), handled);
        assertNull(t.runOnce(T0.plusSeconds(5)), "nothing left");
        assertEquals(List.of("a", "b", "c"), handled.stream().map(E::key).toList(), "ties in scheduling order");
        assertEquals(0, t.size());
    }

    @Test
    void schedule_replaces_the_key_s_entry_and_schedule_if_absent_keeps_it() {
        List<E> handled = new ArrayList<>();
        DueTimer<String, E> t = timer(() -> T0, handled);
        t.schedule(new E("lease", T0.plusSeconds(1)));
        t.schedule(new E("lease", T0.plusSeconds(10)));
        assertEquals(1, t.size());
        assertEquals(List.of(), t.due(T0.plusSeconds(5)), "extended: the first due time is gone");
        assertTrue(t.scheduleIfAbsent(new E("deadline", T0.plusSeconds(3))));
        assertFalse(t.scheduleIfAbsent(new E("deadline", T0.plusSeconds(1))), "tracked once");
        assertEquals(List.of(new E("deadline", T0.plusSeconds(3))), t.due(T0.plusSeconds(3)));
        assertTrue(t.scheduleIfAbsent(new E("deadline", T0.plusSeconds(4))), "once due, the key is free again");
    }

    @Test
    void cancel_removes_an_entry_and_an_unknown_key_is_ignored() {
        List<E> handled = new ArrayList<>();
        DueTimer<String, E> t = timer(() -> T0, handled);
        t.schedule(new E("a", T0));
        t.cancel("a");
        t.cancel("nope");
        assertNull(t.runOnce(T0.plusSeconds(1)));
        assertEquals(List.of(), handled);
    }

    @Test
    void the_loop_sleeps_until_an_earlier_entry_arrives() throws Exception {
        CountDownLatch due = new CountDownLatch(1);
        DueTimer<String, E> t = new DueTimer<>(InstantSource.system(), E::key, E::at, e -> due.countDown());
        t.schedule(new E("far", Instant.now().plus(Duration.ofDays(1))));
        Thread loop = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    t.step();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            t.schedule(new E("now", Instant.now()));
            assertTrue(due.await(60, TimeUnit.SECONDS), "the new earliest entry woke the sleeping loop");
            assertEquals(1, t.size(), "the far entry still waits");
        } finally {
            loop.interrupt();
            loop.join();
        }
    }
}
