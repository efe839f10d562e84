package ppacer.scheduler.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The deadlines of the active runs and their tasks ({@link ppacer.api.Deadline}), on a timer: the
 * loop sleeps until the earliest due time (or until an earlier one is tracked), then hands each due
 * deadline to the handler, which checks whether it was met and claims and sends the alert of a
 * missed one. There is no polling tick, as in {@link AttemptLeaseMonitor}.
 *
 * <p>Concurrency: a lock guards the index; the handler runs on the monitor's thread, outside it.
 */
public final class DeadlineMonitor {
    /**
     * One deadline.
     *
     * @param runId the run
     * @param taskId the task; empty text for the run's own deadline
     * @param dueAt when it is due
     */
    public record Due(long runId, String taskId, Instant dueAt) {
    }

    private static final Comparator<Due> ORDER = Comparator.comparing(Due::dueAt).thenComparingLong(Due::runId)
            .thenComparing(Due::taskId);

    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<Due> byDue = new TreeSet<>(ORDER);
    /** Run and task ids tracked ({@code runId/taskId}), so that a run activated again is not tracked twice. */
    private final Set<String> tracked = new HashSet<>();
    private final Waiter waiter = new Waiter();
    private final InstantSource clock;
    private final Consumer<Due> onDue;

    /**
     * @param clock the clock due times are compared with
     * @param onDue called (on the monitor thread) for each deadline that came due
     */
    public DeadlineMonitor(InstantSource clock, Consumer<Due> onDue) {
        this.clock = clock;
        this.onDue = onDue;
    }

    /**
     * Tracks a deadline unless the same run and task is tracked already.
     *
     * @param due the deadline
     */
    public void track(Due due) {
        boolean earliest;
        lock.lock();
        try {
            if (!tracked.add(due.runId() + "/" + due.taskId())) {
                return;
            }
            byDue.add(due);
            earliest = byDue.first() == due;
        } finally {
            lock.unlock();
        }
        if (earliest) {
            waiter.wake();
        }
    }

    /**
     * Removes and returns the deadlines due at {@code now}.
     *
     * @param now the instant to compare with
     * @return the due deadlines, earliest first
     */
    public List<Due> due(Instant now) {
        List<Due> out = new ArrayList<>();
        lock.lock();
        try {
            while (!byDue.isEmpty() && !byDue.first().dueAt().isAfter(now)) {
                Due d = byDue.pollFirst();
                tracked.remove(d.runId() + "/" + d.taskId());
                out.add(d);
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * One pass: hands every deadline due at {@code now} to the handler.
     *
     * @param now the instant
     * @return the earliest remaining due time, or null when none is tracked
     */
    public Instant runOnce(Instant now) {
        for (Due d : due(now)) {
            onDue.accept(d);
        }
        lock.lock();
        try {
            return byDue.isEmpty() ? null : byDue.first().dueAt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The loop body: one pass, then sleep until the earliest due time or a wake.
     *
     * @throws InterruptedException when interrupted
     */
    public void step() throws InterruptedException {
        waiter.awaitUntil(runOnce(clock.instant()), clock);
    }

    /** Makes the loop look at the clock again. */
    public void wake() {
        waiter.wake();
    }

    /** @return deadlines tracked */
    public int size() {
        lock.lock();
        try {
            return byDue.size();
        } finally {
            lock.unlock();
        }
    }
}
