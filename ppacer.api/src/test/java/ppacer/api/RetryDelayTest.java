package ppacer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryDelayTest {

    @Test
    void constant_delay_is_the_same_for_every_retry() {
        RetryDelay d = RetryDelay.constant(Duration.ofMillis(250));
        assertEquals(Duration.ofMillis(250), d.delayBefore(1, new SplittableRandom(1)));
        assertEquals(Duration.ofMillis(250), d.delayBefore(7, new SplittableRandom(1)));
    }

    @Test
    void exponential_backoff_grows_and_is_capped() {
        RetryDelay d = RetryDelay.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.0);
        var r = new SplittableRandom(1);
        assertEquals(Duration.ofSeconds(1), d.delayBefore(1, r));
        assertEquals(Duration.ofSeconds(2), d.delayBefore(2, r));
        assertEquals(Duration.ofSeconds(8), d.delayBefore(4, r));
        assertEquals(Duration.ofSeconds(10), d.delayBefore(5, r));
        assertEquals(Duration.ofSeconds(10), d.delayBefore(500, r));
    }

    @Test
    void jitter_stays_within_its_fraction() {
        RetryDelay d = RetryDelay.exponential(Duration.ofSeconds(4), 1.0, Duration.ofSeconds(4), 0.25);
        var r = new SplittableRandom(42);
        boolean varied = false;
        for (int i = 0; i < 1000; i++) {
            long ms = d.delayBefore(1, r).toMillis();
            assertTrue(ms >= 3000 && ms <= 5000, "delay " + ms);
            varied |= ms != 4000;
        }
        assertTrue(varied);
    }
}
