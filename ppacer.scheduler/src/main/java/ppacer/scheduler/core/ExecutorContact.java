package ppacer.scheduler.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When an executor was last in touch with this scheduler (a poll for attempts, a report, a
 * heartbeat, a log batch), kept in memory: a long poll in progress counts as contact for its whole
 * wait. Before any contact, the time this scheduler started counts, so that a fresh scheduler is given
 * the same grace as one whose executors just left.
 */
public final class ExecutorContact {
    private final InstantSource clock;
    private final AtomicReference<Instant> last;
    private final AtomicInteger polling = new AtomicInteger();

    /** @param clock the scheduler's clock; its instant now is the start of the grace */
    public ExecutorContact(InstantSource clock) {
        this.clock = clock;
        this.last = new AtomicReference<>(clock.instant());
    }

    /** An executor reported, heartbeated or sent logs. */
    public void touched() {
        last.accumulateAndGet(clock.instant(), (a, b) -> b.isAfter(a) ? b : a);
    }

    /** An executor's poll for attempts began; {@link #pollEnded()} must follow. */
    public void pollStarted() {
        polling.incrementAndGet();
        touched();
    }

    /** An executor's poll for attempts ended. */
    public void pollEnded() {
        touched();
        polling.decrementAndGet();
    }

    /** @return true while an executor waits in a poll */
    public boolean polling() {
        return polling.get() > 0;
    }

    /** @return the last contact, or the scheduler's start before any */
    public Instant last() {
        return last.get();
    }
}
