package ppacer.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import ppacer.api.TaskOutput;
import ppacer.api.concurrent.Backoff;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.Tracing;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.InvalidInputException;

/**
 * Runs tasks inside the scheduler's JVM without HTTP: the same {@link Executor} that runs remotely,
 * connected through a {@link LocalSchedulerLink}. Attempts run on virtual threads (at most {@link
 * WorkerConfig#concurrency()} at once) with their timeouts enforced (reported FAILED "Task 'x' timed
 * out after PT0.1S", the task thread interrupted), heartbeats for long tasks, task logs stored in
 * batches, and exceptions reported as FAILED with their stack trace.
 *
 * <p>The attempts it takes carry the executor id {@code <executorId>@<nodeId>#<instance>} (see
 * {@link Scheduler#inProcessExecutorId}): when the process dies, the next scheduler started on the
 * store by this node (or, on SQLite, by anyone) runs them again at once instead of waiting for their
 * leases, and without counting a retry.
 */
public final class InProcessWorker implements AutoCloseable {
    private final Executor executor;
    private final AtomicLong completed = new AtomicLong();

    private InProcessWorker(Scheduler scheduler, WorkerConfig config) {
        SchedulerLink local = LocalSchedulerLink.of(scheduler);
        SchedulerLink counting = new SchedulerLink() {
            @Override
            public List<TaskToExec> take(String executorId, Duration wait, int max) {
                return local.take(executorId, wait, max);
            }

            @Override
            public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
                completed.incrementAndGet();
                return local.reportAndTake(status, executorId, max);
            }

            @Override
            public HeartbeatAck heartbeat(Heartbeat heartbeat) {
                return local.heartbeat(heartbeat);
            }

            @Override
            public Optional<TaskOutput> previousOutput(String dagId, String taskId, Instant before) {
                return local.previousOutput(dagId, taskId, before);
            }

            @Override
            public Optional<ppacer.api.DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
                return local.dagRunStatus(dagId, logicalTime);
            }

            @Override
            public void logs(TaskLogBatch batch) {
                local.logs(batch);
            }

            @Override
            public String toString() {
                return local.toString();
            }
        };
        Duration lease = scheduler.config().leaseDuration();
        if (config.heartbeatInterval().multipliedBy(3).compareTo(lease) > 0) {
            throw new InvalidInputException("the in-process executor's heartbeatInterval " + config.heartbeatInterval()
                    + " is too long for the scheduler's leaseDuration " + lease + ": expected at most a third of it");
        }
        executor = Executor.create((dagId, bundleHash) -> scheduler.catalog().dag(dagId, java.util.Optional.ofNullable(bundleHash)),
                counting, ExecutorConfig.builder()
                .executorId(scheduler.inProcessExecutorId(config.executorId()))
                .maxConcurrency(config.concurrency())
                .longPollWait(config.pollTimeout().compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : config.pollTimeout())
                .heartbeatInterval(config.heartbeatInterval())
                .logBatchSize(config.logBatchSize())
                .backoff(() -> Backoff.exponential(Duration.ofMillis(5), max(config.pollTimeout(), Duration.ofMillis(5)), 2.0))
                .clock(scheduler.clock())
                // no execution span: in the scheduler's JVM, from hand-out to report, the attempt's span stands for it
                // (a third span per task cost as much again on the burn-down); the task gets the attempt's context
                .tracing(Tracing.OFF)
                .build());
    }

    /**
     * Starts a worker.
     *
     * @param scheduler the scheduler to take tasks from
     * @param config the settings
     * @return the running worker
     */
    public static InProcessWorker start(Scheduler scheduler, WorkerConfig config) {
        InProcessWorker w = new InProcessWorker(scheduler, config);
        w.executor.start();
        return w;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** @return attempts run to the end and reported (accepted or not) */
    public long completed() {
        return completed.get();
    }

    /**
     * Stops taking tasks and waits up to {@code timeout} for running ones to finish and report.
     *
     * @param timeout the longest wait
     * @return true when every running task finished
     */
    public boolean stop(Duration timeout) {
        return executor.close(timeout);
    }

    /** Stops, waiting up to 30 s for running tasks. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
