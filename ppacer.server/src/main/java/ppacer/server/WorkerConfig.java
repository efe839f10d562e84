package ppacer.server;

import java.time.Duration;
import java.util.Objects;
import ppacer.scheduler.model.InvalidInputException;

/**
 * Settings of an {@link InProcessWorker}.
 *
 * @param executorId its id (default {@code in-process}); the attempts it takes store
 *     {@code <executorId>@<nodeId>#<instance>}
 * @param concurrency tasks run at once, each on a virtual thread (default 16)
 * @param pollTimeout long-poll wait for the next task (default 1 s)
 * @param heartbeatInterval how often a running task's lease is extended (default 3 s; at most a
 *     third of the scheduler's lease duration)
 * @param logBatchSize task log records per store append (default 100)
 */
public record WorkerConfig(String executorId, int concurrency, Duration pollTimeout, Duration heartbeatInterval,
                           int logBatchSize) {
    /** Validates. */
    public WorkerConfig {
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (concurrency < 1 || logBatchSize < 1) {
            throw new InvalidInputException("concurrency and logBatchSize must be >= 1, were " + concurrency + ", " + logBatchSize);
        }
        if (!pollTimeout.isPositive() || !heartbeatInterval.isPositive()) {
            throw new InvalidInputException("pollTimeout and heartbeatInterval must be positive, were " + pollTimeout
                    + ", " + heartbeatInterval);
        }
    }

    /** @return the defaults */
    public static WorkerConfig defaults() {
        return new WorkerConfig("in-process", 16, Duration.ofSeconds(1), Duration.ofSeconds(3), 100);
    }

    /** @param value the executor id @return a copy */
    public WorkerConfig withExecutorId(String value) {
        return new WorkerConfig(value, concurrency, pollTimeout, heartbeatInterval, logBatchSize);
    }

    /** @param value the concurrency @return a copy */
    public WorkerConfig withConcurrency(int value) {
        return new WorkerConfig(executorId, value, pollTimeout, heartbeatInterval, logBatchSize);
    }

    /** @param value the poll timeout @return a copy */
    public WorkerConfig withPollTimeout(Duration value) {
        return new WorkerConfig(executorId, concurrency, value, heartbeatInterval, logBatchSize);
    }

    /** @param value the heartbeat interval @return a copy */
    public WorkerConfig withHeartbeatInterval(Duration value) {
        return new WorkerConfig(executorId, concurrency, pollTimeout, value, logBatchSize);
    }
}
