package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;

class RetryPolicyTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(new SplittableRandom(1));

    @Test
    void constant_delay_is_measured_from_the_failure_until_retries_run_out() {
        TaskConfig c = TaskConfig.builder().retries(2).retryDelay(RetryDelay.constant(Duration.ofSeconds(5))).build();
        assertEquals(Optional.of(T.plusSeconds(5)), policy.nextAttemptDue(c, 0, T));
        assertEquals(Optional.of(T.plusSeconds(5)), policy.nextAttemptDue(c, 1, T));
        assertEquals(Optional.empty(), policy.nextAttemptDue(c, 2, T));
    }

    @Test
    void exponential_delay_grows_and_is_capped() {
        TaskConfig c = TaskConfig.builder().retries(5)
                .retryDelay(RetryDelay.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0.0)).build();
        assertEquals(Optional.of(T.plusSeconds(1)), policy.nextAttemptDue(c, 0, T));
        assertEquals(Optional.of(T.plusSeconds(2)), policy.nextAttemptDue(c, 1, T));
        assertEquals(Optional.of(T.plusSeconds(4)), policy.nextAttemptDue(c, 2, T));
        assertEquals(Optional.of(T.plusSeconds(5)), policy.nextAttemptDue(c, 3, T));
    }

    @Test
    void no_retries_configured_means_no_retry() {
        assertEquals(Optional.empty(), policy.nextAttemptDue(TaskConfig.DEFAULT, 0, T));
    }
}
