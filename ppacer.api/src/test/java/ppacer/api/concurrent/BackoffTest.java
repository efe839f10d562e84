package ppacer.api.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}
