package ppacer.exec;

import java.time.Duration;
import java.util.List;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;

/** A test link that only takes batches of reports ({@link #reportAllAndTake}); anything else is a test bug. */
abstract class BatchOnlyLink implements SchedulerLink {
    @Override
    public boolean batchesReports() {
        return true;
    }

    @Override
    public List<TaskToExec> take(String executorId, Duration wait, int max) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
        throw new UnsupportedOperationException();
    }

    @Override
    public HeartbeatAck heartbeat(Heartbeat heartbeat) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void logs(TaskLogBatch batch) {
        throw new UnsupportedOperationException();
    }
}
