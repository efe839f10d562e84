package ppacer.exec;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import ppacer.api.TaskOutput;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.exec.client.SchedulerClient;
import ppacer.exec.client.SchedulerClientException;

/**
 * A link to several schedulers of which one leads: every call goes to the scheduler that answered
 * last. When it is unreachable or answers 503 (a standby's "not the leader", or a stopping leader),
 * the call moves at once to the leader the standby named (a URL not in the list is added), else to
 * the next scheduler of the list, each tried once per call; when all fail, the last failure is
 * thrown (transient: the executor retries reports with backoff, so no report is lost). Failures
 * are {@link LinkException}s mapped from the HTTP statuses.
 *
 * <p>A long poll goes only to a scheduler that answered the previous call: at the start and after
 * a move, a take does not wait at the scheduler, so a scheduler that accepts connections but does
 * not answer (frozen) costs one request timeout, not a long poll's wait plus the timeout.
 */
final class FailoverLink implements SchedulerLink {
    private static final System.Logger LOG = System.getLogger(FailoverLink.class.getName());
    private final Optional<String> token;
    private final Duration requestTimeout;
    private final CopyOnWriteArrayList<SchedulerClient> clients = new CopyOnWriteArrayList<>();
    private volatile SchedulerClient current;
    /** Whether {@link #current} answered the last call made to it. */
    private volatile boolean answered;

    FailoverLink(List<URI> schedulers, Optional<String> token, Duration requestTimeout) {
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("At least one scheduler URL is needed");
        }
        this.token = token;
        this.requestTimeout = requestTimeout;
        schedulers.forEach(u -> clients.addIfAbsent(SchedulerClient.create(u, token, requestTimeout)));
        current = clients.getFirst();
    }

    private <T> T call(Function<SchedulerClient, T> op) {
        SchedulerClient c = current;
        SchedulerClientException last = null;
        for (int tries = clients.size() + 1; tries > 0; tries--) {
            try {
                T result = op.apply(c);
                if (current != c) {
                    current = c;
                    LOG.log(Level.INFO, "Executor now talks to the scheduler at {0}", c.base());
                }
                answered = true;
                return result;
            } catch (SchedulerClientException e) {
                if (e.status() != 0 && e.status() != 503) {
                    throw LinkException.of(e); // a real answer of the leader (e.g. 409 stale): not a failover matter
                }
                last = e;
                if (c == current) {
                    answered = false;
                }
                SchedulerClient from = c;
                c = e.leader().map(this::clientFor).filter(named -> named != from).orElseGet(() -> next(from));
            }
        }
        throw LinkException.of(last);
    }

    private SchedulerClient clientFor(String url) {
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        for (SchedulerClient c : clients) {
            if (c.base().equals(uri)) {
                return c;
            }
        }
        SchedulerClient added = SchedulerClient.create(uri, token, requestTimeout);
        clients.add(added);
        return added;
    }

    private SchedulerClient next(SchedulerClient c) {
        int i = clients.indexOf(c);
        return clients.get((i + 1) % clients.size());
    }

    @Override
    public List<TaskToExec> take(String executorId, Duration wait, int max) {
        return call(c -> c.pop(executorId, c == current && answered ? wait : Duration.ZERO, max));
    }

    @Override
    public List<TaskToExec> reportAndTake(DagRunTaskStatus status, String executorId, int max) {
        return call(c -> {
            if (max == 0) {
                c.update(status);
                return List.of();
            }
            return c.updateAndPop(status, executorId, Duration.ZERO, max);
        });
    }

    @Override
    public ReportsReply reportAllAndTake(List<DagRunTaskStatus> statuses, String executorId, int max) {
        return call(c -> ReportsReply.of(c.updateManyAndPop(statuses, executorId, max)));
    }

    @Override
    public boolean batchesReports() {
        return true;
    }

    @Override
    public HeartbeatAck heartbeat(Heartbeat heartbeat) {
        return call(c -> c.heartbeat(heartbeat));
    }

    @Override
    public Optional<TaskOutput> previousOutput(String dagId, String taskId, Instant before) {
        return call(c -> c.previousOutput(dagId, taskId, before));
    }

    @Override
    public Optional<ppacer.api.DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
        return call(c -> c.dagRunStatus(dagId, logicalTime));
    }

    @Override
    public void logs(TaskLogBatch batch) {
        call(c -> {
            c.sendLogs(batch);
            return null;
        });
    }

    @Override
    public String toString() {
        return "http " + clients.stream().map(SchedulerClient::base).toList() + " (now " + current.base() + ")";
    }
}
