package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import ppacer.api.Alert;
import ppacer.api.Notifier;
import ppacer.testkit.Await;

class NotificationDispatcherTest {
    private static final Instant LT = Instant.parse("2024-06-01T10:00:00Z");

    @Test
    void the_message_names_task_dag_time_attempt_and_error_in_the_configured_zone() {
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(new LoggingNotifier()), ZoneId.of("Europe/Warsaw"), 10)) {
            assertEquals("Task [t1] in DAG [dag] at 2024-06-01 12:00:00.000 CEST has failed (run 7, attempt 2).\nError:\n\tboom\n\tline2",
                    d.render(Alert.Kind.FAILURE, "dag", 7, LT, "t1", 2, Optional.of("boom\nline2")));
            assertTrue(d.render(Alert.Kind.RETRY, "dag", 7, LT, "t1", 0, Optional.empty()).endsWith("will be retried)."));
        }
    }

    @Test
    void a_blocked_notifier_never_blocks_the_caller_and_overflow_is_dropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Queue<Alert> got = new ConcurrentLinkedQueue<>();
        Notifier slow = alert -> {
            release.await();
            got.add(alert);
        };
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(slow), ZoneId.of("UTC"), 2)) {
            // the notifier stays blocked until release: were dispatch to wait for it, this loop would never end
            // (the generous guard turns such a hang into a failure)
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 10; i++) {
                    d.dispatch(Alert.Kind.FAILURE, "dag", 1, LT, "t" + i, 0, Optional.of("e"), Optional.empty());
                }
            }, "dispatch waited for a blocked notifier");
            assertEquals(1, release.getCount(), "the notifier is still blocked");
            assertEquals(7, d.dropped(), "1 being sent, 2 queued, 7 dropped");
            release.countDown();
            Await.until(Duration.ofSeconds(5), () -> got.size() == 3, got::toString);
        }
    }

    @Test
    void a_failing_notifier_is_logged_and_the_per_task_override_replaces_the_default() {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        Notifier failing = alert -> {
            throw new IllegalStateException("smtp down");
        };
        Notifier own = alert -> seen.add("own:" + alert.taskId());
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(failing), ZoneId.of("UTC"), 10)) {
            d.dispatch(Alert.Kind.FAILURE, "dag", 1, LT, "a", 0, Optional.of("e"), Optional.empty());
            d.dispatch(Alert.Kind.RETRY, "dag", 1, LT, "b", 0, Optional.of("e"), Optional.of(own));
            Await.until(Duration.ofSeconds(5), () -> seen.size() == 1, seen::toString);
            assertEquals("own:b", seen.peek());
            assertEquals(1, d.sent());
        }
    }
}
