package ppacer.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;

/**
 * A scheduler stand-in for executor unit tests: hands out queued attempts, records reports,
 * heartbeats and logs, and can be made unreachable. (End-to-end tests use the real scheduler.)
 */
final class FakeLink implements SchedulerLink {
    final LinkedBlockingQueue<TaskToExec> queue = new LinkedBlockingQueue<>();
    final List<DagRunTaskStatus> reports = new CopyOnWriteArrayList<>();
    final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    final List<LogLine> logs = new CopyOnWriteArrayList<>();
    final AtomicInteger logBatches = new AtomicInteger();
    final List<String> logBatchExecutors = new CopyOnWriteArrayList<>();
    final AtomicInteger takeCalls = new AtomicInteger();
    final AtomicInteger refusedReports = new AtomicInteger();
    volatile boolean down;
    volatile LinkException.Kind refuseReportsWith;
    volatile LinkException.Kind refuseHeartbeatsWith;
    /** How many of the next calls of each kind throw a plain RuntimeException (a store error in process). */
    final AtomicInteger breakTakes = new AtomicInteger();
    final AtomicInteger breakReports = new AtomicInteger();
    final AtomicInteger breakHeartbeats = new AtomicInteger();
    final AtomicInteger brokenCalls = new AtomicInteger();
    /** Whether the executor should gather reports into batches ({@link #batchesReports()}). */
    volatile boolean batches;

    private void maybeBreak(AtomicInteger left, String what) {
        if (left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            brokenCalls.incrementAndGet();
            throw new IllegalStateException(what + ": the store failed (test)");
        }
    }

    @Override
    public boolean batchesReports() {
        return batches;
    }

    private void check(String what) {
        if (down) {
            throw new LinkException(LinkException.Kind.TRANSIENT, what + ": connection refused", null);
        }
    }

    @Override
    public List<TaskToExec> take(String executorId, Duration wait, int max) {
        takeCalls.incrementAndGet();
        check("take");
        maybeBreak(breakTakes, "take");
        List<TaskToExec> out = new ArrayList<>();
        try {
            TaskToExec first = queue.poll(Math.min(wait.toMillis(), 50), TimeUnit.MILLISECONDS);
            if (first != null) {
                out.add(first);
                queue.drainTo(out, max - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    @Override
    public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
        check("report");
        maybeBreak(breakReports, "report");
        if (refuseReportsWith != null) {
            refusedReports.incrementAndGet();
            throw new LinkException(refuseReportsWith, "refused", null);
        }
        reports.add(status);
        List<TaskToExec> out = new ArrayList<>();
        queue.drainTo(out, max);
        return out;
    }

    @Override
    public HeartbeatAck heartbeat(Heartbeat heartbeat) {
        check("heartbeat");
        maybeBreak(breakHeartbeats, "heartbeat");
        if (refuseHeartbeatsWith != null) {
            throw new LinkException(refuseHeartbeatsWith, "refused", null);
        }
        heartbeats.add(heartbeat);
        return new HeartbeatAck("2030-01-01T00:00:00Z");
    }

    @Override
    public void logs(TaskLogBatch batch) {
        check("logs");
        logBatches.incrementAndGet();
        logBatchExecutors.add(String.valueOf(batch.executorId()));
        logs.addAll(batch.records());
    }

    List<DagRunTaskStatus> reportsFor(String taskId) {
        return reports.stream().filter(r -> r.taskId().equals(taskId)).toList();
    }
}
