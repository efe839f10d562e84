package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import ppacer.api.spi.Store;

/**
 * The leader's retention loop: sleeps until the next clean is due (the first at most 5 minutes
 * after leadership began, then every interval), then runs the configured purgers. A failed clean
 * is tried again at the next due time.
 */
public final class RetentionTimer {
    private static final Duration FIRST_AT_MOST = Duration.ofMinutes(5);

    private final Cleaner cleaner;
    private final Store writes;
    private final InstantSource clock;
    private final Duration interval;
    private final Waiter waiter = new Waiter();
    private Instant next;

    /**
     * @param cleaner the cleaner
     * @param writes the term's fenced store
     * @param clock the clock
     * @param interval the time between two cleans
     */
    public RetentionTimer(Cleaner cleaner, Store writes, InstantSource clock, Duration interval) {
        this.cleaner = cleaner;
        this.writes = writes;
        this.clock = clock;
        this.interval = interval;
        this.next = clock.instant().plus(interval.compareTo(FIRST_AT_MOST) < 0 ? interval : FIRST_AT_MOST);
    }

    /**
     * The loop body: waits until due, then cleans.
     *
     * @throws InterruptedException when interrupted
     */
    public void step() throws InterruptedException {
        waiter.awaitUntil(next, clock);
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            return;
        }
        next = now.plus(interval);
        cleaner.cleanConfigured(writes);
    }
}
