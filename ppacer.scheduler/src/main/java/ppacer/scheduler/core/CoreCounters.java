package ppacer.scheduler.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.scheduler.model.WorkCounts;

/**
 * What the scheduling core has done, counted where it happens: the same for an attempt taken by an
 * executor over HTTP and one taken by the in-process worker, since both go through the core
 * ({@link AttemptLifecycle}, {@link RunCoordinator}, {@link Recovery}, {@link RunStarter}).
 *
 * <p>One instance per scheduler, kept across leadership terms, so every counter only grows. An
 * event is counted after the store accepted the change it stands for. Counting takes no lock and
 * allocates nothing per event: one {@link LongAdder} per counter (per status in arrays indexed by
 * the enum ordinal), so threads handing out and reporting in parallel do not contend on one cache
 * line. Readers take a {@link #snapshot()}; its counters are read one by one, not as one atomic
 * cut, which is what a scrape needs.
 */
public final class CoreCounters {
    private final LongAdder handedOut = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder interrupted = new LongAdder();
    private final LongAdder runsStarted = new LongAdder();
    private final LongAdder[] transitions = adders(TaskStatus.values().length);
    private final LongAdder[] runsFinished = adders(DagRunStatus.values().length);
    private final LongAdder alertsSent = new LongAdder();
    private final LongAdder alertsDropped = new LongAdder();

    /** Creates counters at zero. */
    public CoreCounters() {
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** An attempt was handed out (SCHEDULED → RUNNING committed). */
    void handedOut() {
        handedOut.increment();
        transitions[TaskStatus.RUNNING.ordinal()].increment();
    }

    /** A SUCCESS report was accepted (RUNNING → SUCCESS committed). */
    void succeeded() {
        succeeded.increment();
        transitions[TaskStatus.SUCCESS.ordinal()].increment();
    }

    /**
     * A failure report was accepted.
     *
     * @param to FAILED, or FAILED_PENDING_RETRY when a retry follows
     */
    void failed(TaskStatus to) {
        failed.increment();
        if (to == TaskStatus.FAILED_PENDING_RETRY) {
            retried.increment();
        }
        transitions[to.ordinal()].increment();
    }

    /**
     * An attempt's lease expired and it was failed ("executor lost").
     *
     * @param to FAILED, or FAILED_PENDING_RETRY when a retry follows
     */
    void expired(TaskStatus to) {
        expired.increment();
        transitions[to.ordinal()].increment();
    }

    /** An attempt of an in-process executor that died with its process was cancelled at recovery, to run again. */
    void interrupted() {
        interrupted.increment();
        transitions[TaskStatus.CANCELLED.ordinal()].increment();
    }

    /**
     * Attempt rows written into a status by other changes than the ones above (new attempts,
     * UPSTREAM_FAILED rows, operator actions).
     *
     * @param to the status
     * @param n how many
     */
    void attempts(TaskStatus to, int n) {
        if (n > 0) {
            transitions[to.ordinal()].add(n);
        }
    }

    /**
     * Runs moved to RUNNING by a start (not by a recovery or an operator's restart).
     *
     * @param n how many
     */
    void runsStarted(int n) {
        if (n > 0) {
            runsStarted.add(n);
        }
    }

    /**
     * A run reached its final status.
     *
     * @param status SUCCESS or FAILED
     */
    void runFinished(DagRunStatus status) {
        runsFinished[status.ordinal()].increment();
    }

    /** An alert was handed to a notifier without an exception. */
    void alertSent() {
        alertsSent.increment();
    }

    /**
     * An alert was dropped because the notification queue was full.
     *
     * @return alerts dropped so far
     */
    long alertDropped() {
        alertsDropped.increment();
        return alertsDropped.sum();
    }

    /** @return alerts handed to a notifier without an exception */
    public long alertsSent() {
        return alertsSent.sum();
    }

    /** @return alerts dropped because the notification queue was full */
    public long alertsDropped() {
        return alertsDropped.sum();
    }

    /** @return the counters as they are now */
    public WorkCounts snapshot() {
        Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            byStatus.put(s, transitions[s.ordinal()].sum());
        }
        Map<DagRunStatus, Long> finished = new EnumMap<>(DagRunStatus.class);
        for (DagRunStatus s : DagRunStatus.values()) {
            if (s.isTerminal()) {
                finished.put(s, runsFinished[s.ordinal()].sum());
            }
        }
        return new WorkCounts(handedOut.sum(), succeeded.sum(), failed.sum(), retried.sum(), expired.sum(),
                interrupted.sum(), byStatus, runsStarted.sum(), finished);
    }
}
