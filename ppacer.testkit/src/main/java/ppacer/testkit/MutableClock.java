package ppacer.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A settable clock for tests. */
public final class MutableClock implements InstantSource {
    private final AtomicReference<Instant> now;

    /** @param start the initial instant */
    public MutableClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** @param value the new instant */
    public void set(Instant value) {
        now.set(value);
    }

    /** @param d how far to move forward */
    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }
}
