package ppacer.exec;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.exec.client.SchedulerClient;

/**
 * How an {@link Executor} talks to its scheduler: over HTTP ({@link #http(SchedulerClient)}) or in
 * process. Failures are {@link ppacer.exec.client.SchedulerClientException}s, whose status tells
 * transient failures (retry later) from conflicts (the attempt is no longer current).
 */
public interface SchedulerLink {
    /**
     * Takes up to {@code max} attempts, waiting up to {@code wait} when none is ready.
     *
     * @param executorId the executor
     * @param wait the longest wait
     * @param max how many at most
     * @return the attempts, possibly none
     */
    List<TaskToExec> take(String executorId, Duration wait, int max);

    /**
     * Reports an outcome and takes up to {@code max} further attempts without waiting.
     *
     * @param status the report
     * @param executorId the executor
     * @param max how many attempts to take (0 for none)
     * @return the attempts taken
     */
    List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max);

    /**
     * Extends a lease.
     *
     * @param heartbeat the attempt and token
     * @return the new lease end
     */
    HeartbeatAck heartbeat(Heartbeat heartbeat);

    /**
     * Ships log records of one attempt.
     *
     * @param batch the records
     */
    void logs(TaskLogBatch batch);

    /**
     * The link over HTTP to several schedulers (or one behind a load balancer), of which one leads:
     * calls go to the scheduler that answered last and move to the leader when it is unreachable or
     * answers 503 "not the leader" (following the leader URL a standby names), so reports reach
     * whichever scheduler leads after a takeover.
     *
     * @param schedulers the schedulers' base URLs, e.g. {@code http://sched-1:9321}
     * @param token the bearer token, when the schedulers require one
     * @param requestTimeout timeout of one request (long polls add their wait)
     * @return the link
     */
    static SchedulerLink failover(List<URI> schedulers, Optional<String> token, Duration requestTimeout) {
        return new FailoverLink(schedulers, token, requestTimeout);
    }

    /**
     * The link over HTTP.
     *
     * @param client the scheduler's client
     * @return the link
     */
    static SchedulerLink http(SchedulerClient client) {
        return new SchedulerLink() {
            @Override
            public List<TaskToExec> take(String executorId, Duration wait, int max) {
                return client.pop(executorId, wait, max);
            }

            @Override
            public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
                if (max == 0) {
                    client.update(status);
                    return List.of();
                }
                return client.updateAndPop(status, executorId, Duration.ZERO, max);
            }

            @Override
            public HeartbeatAck heartbeat(Heartbeat heartbeat) {
                return client.heartbeat(heartbeat);
            }

            @Override
            public void logs(TaskLogBatch batch) {
                client.sendLogs(batch);
            }

            @Override
            public String toString() {
                return "http " + client.base();
            }
        };
    }
}
