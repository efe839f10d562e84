package ppacer.api.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void backoff_strategies_follow_their_rules() {
        Backoff linear = Backoff.linear(Duration.ofMillis(1), Duration.ofMillis(500), Duration.ofMillis(250), 2);
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ms.add(linear.next().toMillis());
        }
        assertEquals(List.of(1L, 1L, 251L, 251L, 500L, 500L, 500L, 500L), ms);
        linear.reset();
        assertEquals(1L, linear.next().toMillis());
        Backoff exp = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50), 2.0);
        assertEquals(List.of(10L, 20L, 40L, 50L), List.of(exp.next().toMillis(), exp.next().toMillis(),
                exp.next().toMillis(), exp.next().toMillis()));
        assertEquals(50L, exp.next().toMillis(), "stays at the cap");
        assertEquals(Duration.ofMillis(7), Backoff.fixed(Duration.ofMillis(7)).next());
    }

    @Test
    void a_jittered_backoff_waits_between_half_and_all_of_its_base() {
        Backoff jittered = Backoff.jittered(Backoff.exponential(Duration.ofMillis(8), Duration.ofMillis(32), 2.0),
                new SplittableRandom(42));
        List<Long> bases = List.of(8L, 16L, 32L, 32L, 32L, 32L, 32L, 32L);
        for (long base : bases) {
            long ms = jittered.next().toNanos() / 1_000_000;
            assertTrue(ms >= base / 2 && ms <= base, ms + " ms is not between " + base / 2 + " and " + base);
        }
        jittered.reset();
        long first = jittered.next().toNanos() / 1_000_000;
        assertTrue(first >= 4 && first <= 8, "back to the shortest wait: " + first);
    }
}
