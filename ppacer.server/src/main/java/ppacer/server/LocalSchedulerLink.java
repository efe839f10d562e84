package ppacer.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import ppacer.api.TaskOutput;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.StoredOutput;
import ppacer.api.spi.TaskLogRecord;
import ppacer.exec.LinkException;
import ppacer.exec.SchedulerLink;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerState;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.NotLeaderException;
import ppacer.scheduler.model.ReportAndNext;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.server.http.ExecutorMessages;

/**
 * A {@link SchedulerLink} to a scheduler in the same JVM: the {@link ppacer.exec.Executor} runs
 * embedded exactly as it runs remotely, minus HTTP. Failures are {@link LinkException}s of the
 * kinds the HTTP API's answers map to, so the executor treats both links alike: a store failure
 * ({@link StoreException}, e.g. the database restarting), a stopped scheduler or one that does not
 * lead are transient (the executor retries); a stale, superseded or already reported attempt is a
 * conflict; an unknown attempt or invalid input is refused.
 */
public final class LocalSchedulerLink implements SchedulerLink {
    private final Scheduler scheduler;

    private LocalSchedulerLink(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * @param scheduler the scheduler in this JVM
     * @return a link to it
     */
    public static SchedulerLink of(Scheduler scheduler) {
        return new LocalSchedulerLink(scheduler);
    }

    @Override
    public List<TaskToExec> take(String executorId, Duration wait, int max) {
        if (scheduler.state() != SchedulerState.RUNNING) {
            throw new LinkException(LinkException.Kind.TRANSIENT, "scheduler is " + scheduler.state(), null);
        }
        List<TaskLease> leases = mapped("take", () -> scheduler.nextTasks(executorId, max, wait));
        List<TaskToExec> out = new ArrayList<>(leases.size());
        for (TaskLease l : leases) {
            out.add(ExecutorMessages.toExec(l, scheduler.config().zone(), scheduler.config().maxOutputBytes()));
        }
        return out;
    }

    @Override
    public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
        AttemptKey key = new AttemptKey(status.runId(), status.taskId(), status.retry());
        TaskOutcome outcome = mapped("report", () -> ExecutorMessages.outcome(status));
        if (max == 0) {
            check(mapped("report", () -> scheduler.report(key, Optional.ofNullable(status.executorId()), status.token(),
                    outcome)));
            return List.of();
        }
        ReportAndNext r = mapped("report", () -> scheduler.reportAndNext(key, Optional.ofNullable(status.executorId()),
                status.token(), outcome, executorId, Duration.ZERO));
        check(r.report());
        return r.next().map(l -> List.of(ExecutorMessages.toExec(l, scheduler.config().zone(), scheduler.config().maxOutputBytes()))).orElse(List.of());
    }

    @Override
    public Optional<TaskOutput> previousOutput(String dagId, String taskId, Instant before) {
        return mapped("read a previous output", () -> scheduler.store().attempts().previousOutput(dagId, taskId, before))
                .map(StoredOutput::output);
    }

    @Override
    public Optional<ppacer.api.DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
        return mapped("read a run status", () -> scheduler.store().dagRuns().find(dagId, logicalTime))
                .map(ppacer.api.spi.DagRunRecord::status);
    }

    @Override
    public HeartbeatAck heartbeat(Heartbeat heartbeat) {
        ReportResult r = mapped("heartbeat", () -> scheduler.heartbeat(new AttemptKey(heartbeat.runId(),
                heartbeat.taskId(), heartbeat.retry()), Optional.ofNullable(heartbeat.executorId()), heartbeat.token()));
        check(r);
        return new HeartbeatAck(r.leaseDeadline().map(Object::toString).orElse(null));
    }

    /**
     * Stores a batch of the attempt's log records, converted and checked as the HTTP API does it
     * ({@link ExecutorMessages#logRecords}: the same limits): an unknown
     * attempt is refused, a batch with another token or (when the batch names its executor) from
     * another executor than the attempt's is a conflict, and nothing is stored.
     */
    @Override
    public void logs(TaskLogBatch batch) {
        AttemptKey key = new AttemptKey(batch.runId(), batch.taskId(), batch.retry());
        List<TaskLogRecord> records = mapped("logs", () -> ExecutorMessages.logRecords(key, batch.records(),
                scheduler.clock().instant()));
        check(mapped("logs", () -> scheduler.appendLogs(key, Optional.ofNullable(batch.executorId()), batch.token(),
                records)));
    }

    /**
     * Runs a call of the scheduler, mapping its failures to their {@link LinkException} kinds; any
     * other exception goes through as it is (the executor takes it as transient).
     */
    private static <T> T mapped(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException | NotLeaderException e) {
            throw new LinkException(LinkException.Kind.TRANSIENT, what + ": " + e.getMessage(), e);
        } catch (InvalidStateException e) {
            throw new LinkException(LinkException.Kind.CONFLICT, what + ": " + e.getMessage(), e);
        } catch (UnknownIdException | InvalidInputException e) {
            throw new LinkException(LinkException.Kind.REFUSED, what + ": " + e.getMessage(), e);
        }
    }

    private static void check(ReportResult r) {
        if (r.accepted()) {
            return;
        }
        LinkException.Kind kind = r.retryable() ? LinkException.Kind.TRANSIENT
                : r.conflict() ? LinkException.Kind.CONFLICT : LinkException.Kind.REFUSED; // refused: unknown attempt
        throw new LinkException(kind, r.message(), null);
    }

    @Override
    public String toString() {
        return "in-process " + Optional.ofNullable(scheduler.store()).map(s -> s.describe()).orElse("scheduler");
    }
}
