package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.testkit.MutableClock;

/** The cache of runs and attempts by status behind {@code /metrics}: single flight, and a failing store is not hammered. */
class StoreCountsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void a_scrape_during_a_refresh_answers_with_the_previous_counts_without_querying() throws Exception {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger queries = new AtomicInteger();
        CountDownLatch inQuery = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Long> succeeded = new AtomicReference<>(1L);
        StoreCounts counts = new StoreCounts(clock, Duration.ofSeconds(15), () -> {
            queries.incrementAndGet();
            if (succeeded.get() == 2L) {
                inQuery.countDown();
                try {
                    assertTrue(release.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Map.of(DagRunStatus.SUCCESS, succeeded.get());
        }, () -> Map.of(TaskStatus.SUCCESS, 5L));
        assertEquals(1L, counts.runs().get("SUCCESS"));
        assertEquals(5L, counts.attempts().get("SUCCESS"));
        assertEquals(1, queries.get(), "runs and attempts come from one refresh");

        clock.advance(Duration.ofSeconds(15));
        succeeded.set(2L);
        Thread refresher = Thread.ofVirtual().start(counts::runs);
        assertTrue(inQuery.await(60, TimeUnit.SECONDS));
        assertEquals(1L, counts.runs().get("SUCCESS"), "the previous counts while another scrape refreshes");
        assertEquals(2, queries.get(), "no second query while one is in flight");
        release.countDown();
        refresher.join(Duration.ofSeconds(60));
        assertEquals(2L, counts.runs().get("SUCCESS"));
        assertEquals(2, queries.get());
    }

    @Test
    void every_status_is_counted_in_declaration_order_with_0_for_those_without_rows() {
        StoreCounts counts = new StoreCounts(new MutableClock(T0), Duration.ofSeconds(15),
                () -> Map.of(DagRunStatus.FAILED, 2L), () -> Map.of(TaskStatus.SKIPPED, 3L, TaskStatus.SUCCESS, 1L));
        assertEquals(List.of(DagRunStatus.values()).stream().map(Enum::name).toList(), List.copyOf(counts.runs().keySet()));
        assertEquals(List.of(TaskStatus.values()).stream().map(Enum::name).toList(),
                List.copyOf(counts.attempts().keySet()));
        assertEquals(3L, counts.attempts().get("SKIPPED"));
        assertEquals(1L, counts.attempts().get("SUCCESS"));
        assertEquals(0L, counts.attempts().get("UPSTREAM_FAILED"));
        assertEquals(2L, counts.runs().get("FAILED"));
        assertEquals(0L, counts.runs().get("RUNNING"));
    }

    @Test
    void a_failing_store_keeps_the_previous_counts_and_is_asked_again_only_after_the_period() {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger queries = new AtomicInteger();
        StoreCounts counts = new StoreCounts(clock, Duration.ofSeconds(15), () -> {
            if (queries.incrementAndGet() > 1) {
                throw new IllegalStateException("store down");
            }
            return Map.of(DagRunStatus.RUNNING, 3L);
        }, () -> Map.of(TaskStatus.RUNNING, 4L));
        assertEquals(3L, counts.runs().get("RUNNING"));
        clock.advance(Duration.ofSeconds(15));
        assertEquals(3L, counts.runs().get("RUNNING"), "kept when the store fails");
        assertEquals(4L, counts.attempts().get("RUNNING"));
        assertEquals(2, queries.get(), "not asked again within the period after a failure");
        clock.advance(Duration.ofSeconds(15));
        counts.runs();
        assertEquals(3, queries.get());
    }
}
