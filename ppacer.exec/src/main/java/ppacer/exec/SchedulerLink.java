package ppacer.exec;

import java.net.URI;
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
import ppacer.exec.client.SchedulerClient;
import ppacer.exec.client.SchedulerClientException;

/**
 * How an {@link Executor} talks to its scheduler: over HTTP ({@link #http(SchedulerClient)}) or in
 * process. Every failure is a {@link LinkException} whose {@link LinkException#kind() kind} tells
 * transient failures (retry later) from conflicts (the attempt is no longer current) and refusals
 * (for good). The executor also survives any other exception of a link, taking it as transient.
 */
public interface SchedulerLink {
    /**
     * Takes up to {@code max} attempts, waiting up to {@code wait} when none is ready.
     *
     * @param executorId the executor
     * @param wait the longest wait
     * @param max how many at most
     * @return the attempts, possibly none
     * @throws LinkException when the call failed
     */
    List<TaskToExec> take(String executorId, Duration wait, int max);

    /**
     * Reports an outcome and takes up to {@code max} further attempts without waiting.
     *
     * @param status the report
     * @param executorId the executor
     * @param max how many attempts to take (0 for none)
     * @return the attempts taken
     * @throws LinkException when the report failed (transient) or was refused (conflict, refused)
     */
    List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max);

    /**
     * Reports several outcomes and takes up to {@code max} further attempts without waiting, in one
     * exchange when the link can ({@link #batchesReports()}); by default one report after another.
     *
     * @param statuses the reports
     * @param executorId the executor
     * @param max how many attempts to take (0 for none)
     * @return per report its failure (empty when accepted), and the attempts taken
     * @throws LinkException when the exchange failed as a whole (transient)
     */
    default ReportsReply reportAllAndTake(List<DagRunTaskStatus> statuses, String executorId, int max) {
        List<Optional<LinkException>> refusals = new ArrayList<>(statuses.size());
        for (DagRunTaskStatus s : statuses) {
            try {
                reportAndTake(s, executorId, 0);
                refusals.add(Optional.empty());
            } catch (LinkException e) {
                refusals.add(Optional.of(e));
            }
        }
        return new ReportsReply(refusals, max == 0 ? List.of() : take(executorId, Duration.ZERO, max));
    }

    /**
     * @return true when {@link #reportAllAndTake} sends several reports in one exchange, so that the
     *         executor gathers the reports of concurrent attempts (over HTTP: one request for many
     *         reports instead of one each); false for a link where one call per report is cheap
     */
    default boolean batchesReports() {
        return false;
    }

    /**
     * Extends a lease.
     *
     * @param heartbeat the attempt and token
     * @return the new lease end
     * @throws LinkException when the call failed; a conflict means the lease is lost
     */
    HeartbeatAck heartbeat(Heartbeat heartbeat);

    /**
     * The output a task stored in the latest earlier run of its DAG that stored one
     * ({@link ppacer.api.TaskContext#previousOutput}).
     *
     * @param dagId the DAG
     * @param taskId the task
     * @param before only runs whose logical time is before this
     * @return the output, or empty when no such run stored one
     * @throws LinkException when the scheduler cannot answer (REFUSED when this link does not serve outputs)
     */
    default Optional<TaskOutput> previousOutput(String dagId, String taskId, Instant before) {
        throw new LinkException(LinkException.Kind.REFUSED, "The link " + this + " does not serve outputs of earlier runs",
                null);
    }

    /**
     * The status of a DAG's run at a logical time ({@link ppacer.api.TaskContext#dagRunStatus}).
     *
     * @param dagId the DAG
     * @param logicalTime the run's logical time
     * @return its status, empty when there is no such run
     * @throws LinkException when the scheduler cannot answer (REFUSED when this link does not serve runs)
     */
    default Optional<ppacer.api.DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
        throw new LinkException(LinkException.Kind.REFUSED, "The link " + this + " does not serve run statuses", null);
    }

    /**
     * Ships log records of one attempt.
     *
     * @param batch the records
     * @throws LinkException when the call failed
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
                return mapped(() -> client.pop(executorId, wait, max));
            }

            @Override
            public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
                return mapped(() -> {
                    if (max == 0) {
                        client.update(status);
                        return List.of();
                    }
                    return client.updateAndPop(status, executorId, Duration.ZERO, max);
                });
            }

            /** False once the scheduler answered that it has no batch endpoint (an older version). */
            private volatile boolean batchEndpoint = true;

            @Override
            public ReportsReply reportAllAndTake(List<DagRunTaskStatus> statuses, String executorId, int max) {
                if (batchEndpoint) {
                    try {
                        return ReportsReply.of(client.updateManyAndPop(statuses, executorId, max));
                    } catch (SchedulerClientException e) {
                        if (e.status() != 404 && e.status() != 405) {
                            throw LinkException.of(e);
                        }
                        batchEndpoint = false;
                    }
                }
                return SchedulerLink.super.reportAllAndTake(statuses, executorId, max);
            }

            @Override
            public boolean batchesReports() {
                return true;
            }

            @Override
            public HeartbeatAck heartbeat(Heartbeat heartbeat) {
                return mapped(() -> client.heartbeat(heartbeat));
            }

            @Override
            public Optional<TaskOutput> previousOutput(String dagId, String taskId, Instant before) {
                return mapped(() -> client.previousOutput(dagId, taskId, before));
            }

            @Override
            public Optional<ppacer.api.DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
                return mapped(() -> client.dagRunStatus(dagId, logicalTime));
            }

            @Override
            public void logs(TaskLogBatch batch) {
                mapped(() -> {
                    client.sendLogs(batch);
                    return null;
                });
            }

            @Override
            public String toString() {
                return "http " + client.base();
            }
        };
    }

    private static <T> T mapped(Supplier<T> call) {
        try {
            return call.get();
        } catch (SchedulerClientException e) {
            throw LinkException.of(e);
        }
    }
}
