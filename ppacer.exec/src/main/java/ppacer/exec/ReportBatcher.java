package ppacer.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import ppacer.api.concurrent.CommitTicket;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.TaskToExec;

/**
 * Gathers the reports of attempts that end at about the same time into one exchange with the
 * scheduler ({@link SchedulerLink#reportAllAndTake}), with the next attempts for the reporters that
 * want one. Flat combining: a reporter queues its report and, if fewer than {@value #MAX_IN_FLIGHT}
 * exchanges are in flight, sends everything queued (up to {@value #MAX_BATCH}); otherwise it parks
 * on its {@link CommitTicket} until the sender of its batch completes it, or until the sender of an
 * earlier batch nudges it to send the next one. Under load one request carries many reports; a lone
 * report goes at once, alone.
 *
 * <p>Each reporter still learns its own result (accepted, refused, or the exchange failed) and
 * retries on its own when that is transient: gathering changes the number of requests, not what
 * is reported.
 */
final class ReportBatcher {
    /** Most reports per exchange. */
    static final int MAX_BATCH = 64;
    /**
     * Exchanges in flight at once. With one, reports wait a whole round trip (the scheduler's
     * commits for the reports, then for the hand-outs) for the exchange before them, and 256
     * attempts in flight got ~2,000 tasks/s per executor in the load harness whatever the CPU;
     * with four, 3,000-4,000 on the same 2 cores (BENCHMARKS.md). Under light load each report
     * still goes at once.
     */
    static final int MAX_IN_FLIGHT = 4;
    /** A parked reporter looks again after this long even if nobody woke it. */
    private static final long PARK_NANOS = 10_000_000;

    /** One queued report; the result fields are published by completing {@link #ticket}. */
    static final class Pending {
        final DagRunTaskStatus status;
        final boolean wantsNext;
        final CommitTicket<Void> ticket = new CommitTicket<>();
        Optional<LinkException> refusal = Optional.empty();
        LinkException failure;
        TaskToExec next;

        Pending(DagRunTaskStatus status, boolean wantsNext) {
            this.status = status;
            this.wantsNext = wantsNext;
        }
    }

    private final SchedulerLink link;
    private final String executorId;
    private final Consumer<TaskToExec> extra;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore senders;

    /**
     * @param link the way to the scheduler
     * @param executorId this executor
     * @param extra receives attempts taken beyond what the reporters wanted (run on a new thread)
     */
    ReportBatcher(SchedulerLink link, String executorId, Consumer<TaskToExec> extra) {
        this.senders = new Semaphore(MAX_IN_FLIGHT);
        this.link = link;
        this.executorId = executorId;
        this.extra = extra;
    }

    /**
     * Reports, together with whatever else is queued, and waits for the answer.
     *
     * @param status the report
     * @param wantsNext whether to take an attempt for the caller along with it
     * @return the answered report: its refusal, the failure of the whole exchange, or its next attempt
     */
    Pending report(DagRunTaskStatus status, boolean wantsNext) {
        Pending p = new Pending(status, wantsNext);
        queue.add(p);
        while (!p.ticket.isDone()) {
            List<Pending> sent = List.of();
            if (senders.tryAcquire()) {
                try {
                    if (!p.ticket.isDone()) {
                        sent = sendQueued();
                    }
                } finally {
                    senders.release();
                }
                Pending waiting = queue.peek();
                if (waiting != null) {
                    waiting.ticket.nudge(); // sends the reports queued during this exchange
                }
            }
            if (sent.isEmpty() && !p.ticket.isDone()) {
                // every sender busy, or another sender took this report: its sender completes the ticket
                p.ticket.parkBriefly(PARK_NANOS);
            }
        }
        p.ticket.await(0);
        return p;
    }

    private List<Pending> sendQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending q; batch.size() < MAX_BATCH && (q = queue.poll()) != null; ) {
            batch.add(q);
        }
        if (batch.isEmpty()) {
            return batch; // a concurrent sender took them all
        }
        List<DagRunTaskStatus> statuses = new ArrayList<>(batch.size());
        int want = 0;
        for (Pending q : batch) {
            statuses.add(q.status);
            want += q.wantsNext ? 1 : 0;
        }
        try {
            ReportsReply a = link.reportAllAndTake(statuses, executorId, want);
            int t = 0;
            for (int i = 0; i < batch.size(); i++) {
                Pending q = batch.get(i);
                q.refusal = a.refusals().get(i);
                if (q.wantsNext && q.refusal.isEmpty() && t < a.tasks().size()) {
                    q.next = a.tasks().get(t++);
                }
            }
            for (TaskToExec left : a.tasks().subList(t, a.tasks().size())) {
                Thread.ofVirtual().start(() -> extra.accept(left));
            }
        } catch (LinkException e) {
            batch.forEach(q -> q.failure = e);
        } catch (RuntimeException e) {
            LinkException f = new LinkException(LinkException.Kind.TRANSIENT, "Sending " + batch.size()
                    + " reports failed: " + e, e);
            batch.forEach(q -> q.failure = f);
        }
        batch.forEach(q -> q.ticket.complete(null));
        return batch;
    }
}
