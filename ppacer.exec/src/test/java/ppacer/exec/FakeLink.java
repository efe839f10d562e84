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
import ppacer.exec.client.SchedulerClientException;

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
    final AtomicInteger takeCalls = new AtomicInteger();
    final AtomicInteger refusedReports = new AtomicInteger();
    volatile boolean down;
    volatile int refuseReportsWith;
    volatile int refuseHeartbeatsWith;

    private void check(String what) {
        if (down) {
            throw new SchedulerClientException(what + ": connection refused", 0, null, null);
        }
    }

    @Override
    public List<TaskToExec> take(String executorId, Duration wait, int max) {
        takeCalls.incrementAndGet();
        check("take");
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
        if (refuseReportsWith != 0) {
            refusedReports.incrementAndGet();
            throw new SchedulerClientException("refused", refuseReportsWith, null, null);
        }
        reports.add(status);
        List<TaskToExec> out = new ArrayList<>();
        queue.drainTo(out, max);
        return out;
    }

    @Override
    public HeartbeatAck heartbeat(Heartbeat heartbeat) {
        check("heartbeat");
        if (refuseHeartbeatsWith != 0) {
            throw new SchedulerClientException("refused", refuseHeartbeatsWith, null, null);
        }
        heartbeats.add(heartbeat);
        return new HeartbeatAck("2030-01-01T00:00:00Z");
    }

    @Override
    public void logs(TaskLogBatch batch) {
        check("logs");
        logBatches.incrementAndGet();
        logs.addAll(batch.records());
    }

    List<DagRunTaskStatus> reportsFor(String taskId) {
        return reports.stream().filter(r -> r.taskId().equals(taskId)).toList();
    }
}
