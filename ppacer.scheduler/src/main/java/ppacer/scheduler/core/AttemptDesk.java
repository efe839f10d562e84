package ppacer.scheduler.core;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.ReportResult;
import ppacer.scheduler.ReportResult.Status;
import ppacer.scheduler.TaskLease;
import ppacer.scheduler.TaskOutcome;

/**
 * Where executors meet the scheduler: hands out attempts with a lease and a token, takes reports and
 * heartbeats, and fails attempts whose lease expired.
 *
 * <p>Exactly-once state: every change is a compare-and-set on the attempt row made under the run
 * lock after checking, in memory, that the attempt is the task's current one, that it is RUNNING
 * and that the token matches. A report that fails any check changes nothing and says why.
 */
public final class AttemptDesk {
    private final RunCoordinator runs;
    private final Duration grace;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param runs the coordinator
     * @param grace added to the task timeout for the lease, and the lease extension of a heartbeat
     */
    public AttemptDesk(RunCoordinator runs, Duration grace) {
        this.runs = runs;
        this.grace = grace;
    }

    /**
     * Turns a taken queue entry into a lease: SCHEDULED → RUNNING by compare-and-set. A stale entry
     * (the attempt was cleared, marked or its run finished) is discarded and its slot freed.
     *
     * @param e the entry (counted as running by the queue)
     * @param executorId who takes it
     * @return the lease, or empty when the entry was stale
     */
    public Optional<TaskLease> handOut(QueuedTask e, String executorId) {
        RunState rs = runs.run(e.runId());
        if (rs == null) {
            runs.queue().release(e.dagId());
            return Optional.empty();
        }
        rs.lock.lock();
        try {
            int i = rs.index(e.taskId());
            if (i < 0 || rs.attempt(i) != e.attempt() || rs.status(i) != TaskStatus.SCHEDULED || runs.closed()) {
                runs.queue().release(e.dagId());
                return Optional.empty();
            }
            DagTask task = rs.task(i);
            Instant now = runs.clock().instant();
            Duration timeout = task.config().timeout();
            Instant deadline = now.plus(timeout).plus(grace);
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            AttemptKey key = e.key();
            if (!runs.store().attempts().transition(AttemptTransition.of(key, TaskStatus.SCHEDULED, TaskStatus.RUNNING, now)
                    .withLease(executorId, token, deadline))) {
                runs.queue().release(e.dagId());
                return Optional.empty();
            }
            rs.running(i, token, now, deadline);
            runs.leases().track(key, token, deadline);
            return Optional.of(new TaskLease(rs.dag().id(), rs.runId(), task.id(), e.attempt(), rs.logicalTime(),
                    rs.paramsJson(), token, deadline, timeout, e.dueAt().equals(Instant.MIN) || e.dueAt().isAfter(now) ? now : e.dueAt(), now));
        } finally {
            rs.lock.unlock();
        }
    }

    /**
     * Applies an executor's report: RUNNING → SUCCESS, or → FAILED / FAILED_PENDING_RETRY.
     *
     * @param key the attempt
     * @param token the token handed out with it
     * @param outcome what happened
     * @return accepted, or why it was refused (nothing changed then)
     */
    public ReportResult report(AttemptKey key, String token, TaskOutcome outcome) {
        RunState rs = runs.run(key.runId());
        if (rs == null) {
            return fromStore(key);
        }
        RunCoordinator.Effects fx = new RunCoordinator.Effects();
        rs.lock.lock();
        try {
            if (rs.finished()) {
                return fromStore(key);
            }
            int i = rs.index(key.taskId());
            ReportResult refused = check(rs, i, key, token);
            if (refused != null) {
                return refused;
            }
            Instant now = runs.clock().instant();
            boolean applied = switch (outcome) {
                case TaskOutcome.Success s -> runs.succeed(rs, i, now, fx);
                case TaskOutcome.Failed f -> runs.fail(rs, i, f.error(), now, fx);
            };
            if (!applied) {
                return ReportResult.refused(Status.NOT_RUNNING, key + " is no longer RUNNING in the store");
            }
        } finally {
            rs.lock.unlock();
        }
        runs.apply(fx);
        return ReportResult.accepted(key + " recorded as " + (outcome instanceof TaskOutcome.Success ? "SUCCESS" : "failed"));
    }

    /**
     * Extends a lease: the deadline becomes at least now + grace.
     *
     * @param key the attempt
     * @param token its token
     * @return accepted with the new deadline, or why it was refused
     */
    public ReportResult heartbeat(AttemptKey key, String token) {
        RunState rs = runs.run(key.runId());
        if (rs == null) {
            return fromStore(key);
        }
        rs.lock.lock();
        try {
            int i = rs.index(key.taskId());
            ReportResult refused = check(rs, i, key, token);
            if (refused != null) {
                return refused;
            }
            Instant now = runs.clock().instant();
            Instant wanted = now.plus(grace);
            Instant deadline = wanted.isAfter(rs.lease(i)) ? wanted : rs.lease(i);
            if (!deadline.equals(rs.lease(i))) {
                AttemptTransition t = new AttemptTransition(key, TaskStatus.RUNNING, TaskStatus.RUNNING, now,
                        Optional.empty(), Optional.empty(), Optional.of(deadline), Optional.empty());
                if (!runs.store().attempts().transition(t)) {
                    return ReportResult.refused(Status.NOT_RUNNING, key + " is no longer RUNNING in the store");
                }
                rs.lease(i, deadline);
                runs.leases().track(key, token, deadline);
            }
            return new ReportResult(Status.ACCEPTED, key + " lease until " + deadline, Optional.of(deadline));
        } finally {
            rs.lock.unlock();
        }
    }

    /**
     * Fails an attempt whose lease expired ("executor lost"), if it is still the running one.
     *
     * @param lease the expired lease
     */
    public void expire(LeaseMonitor.Lease lease) {
        AttemptKey key = lease.key();
        RunState rs = runs.run(key.runId());
        if (rs == null) {
            return;
        }
        RunCoordinator.Effects fx = new RunCoordinator.Effects();
        rs.lock.lock();
        try {
            int i = rs.index(key.taskId());
            if (rs.finished() || check(rs, i, key, lease.token()) != null) {
                return;
            }
            Instant now = runs.clock().instant();
            if (rs.lease(i).isAfter(now)) {
                runs.leases().track(key, lease.token(), rs.lease(i)); // extended meanwhile
                return;
            }
            runs.fail(rs, i, "executor lost: lease expired after " + Duration.between(rs.startedAt(i), now), now, fx);
        } finally {
            rs.lock.unlock();
        }
        runs.apply(fx);
    }

    private static ReportResult check(RunState rs, int i, AttemptKey key, String token) {
        if (i < 0) {
            return ReportResult.refused(Status.UNKNOWN_ATTEMPT, "DAG '" + rs.dag().id() + "' has no task '" + key.taskId() + "'");
        }
        int current = rs.attempt(i);
        if (key.attempt() > current) {
            return ReportResult.refused(Status.UNKNOWN_ATTEMPT, "no " + key + "; the latest attempt is " + current);
        }
        if (key.attempt() < current) {
            return ReportResult.refused(Status.SUPERSEDED, key + " was superseded by attempt " + current
                    + " (lease expired, retried, cleared or marked)");
        }
        TaskStatus s = rs.status(i);
        if (s != TaskStatus.RUNNING) {
            return ReportResult.refused(Status.NOT_RUNNING, key + " is " + (s == null ? "reset" : s.toString())
                    + ", not RUNNING (duplicate report, expired lease or operator action)");
        }
        if (token == null || !token.equals(rs.token(i))) {
            return ReportResult.refused(Status.WRONG_TOKEN, "the token does not match the one handed out with " + key);
        }
        return null;
    }

    private ReportResult fromStore(AttemptKey key) {
        Optional<TaskAttemptRecord> rec = runs.store().attempts().find(key);
        if (rec.isEmpty()) {
            return ReportResult.refused(Status.UNKNOWN_ATTEMPT, "no " + key + " in the store");
        }
        return ReportResult.refused(Status.NOT_RUNNING, key + " is " + rec.get().status() + " and its run is not active");
    }
}
