package ppacer.scheduler.core;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.DagTask;
import ppacer.api.InvalidBranchException;
import ppacer.api.TaskContext;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskExpansion;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.ReportResult.Status;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;

/**
 * The life of a task attempt once it is queued, where executors meet the scheduler: hands out
 * attempts with an attempt lease and a token, takes reports and heartbeats, and fails attempts whose
 * attempt lease expired (or ran past the task timeout).
 *
 * <p>Exactly-once state: every change is a compare-and-set on the attempt row made under the run
 * lock, through {@link RunCoordinator#withRun} (or, for hand-outs and success reports, its batched
 * form with {@link AttemptBatcher}), after checking, in memory, that the attempt is the task's current one, that it is RUNNING
 * and that the token matches. A report that fails any check changes nothing and says why.
 */
public final class AttemptLifecycle {
    private static final System.Logger LOG = System.getLogger(AttemptLifecycle.class.getName());
    private final RunCoordinator runs;
    private final Duration leaseDuration;
    private final SecureRandom random = new SecureRandom();
    private final AttemptBatcher batches;
    private final Deferrals deferrals;
    private final int maxOutputBytes;
    private final int maxMapItems;

    /**
     * With the default limit of items per expansion of a mapped task ({@link Expansions#DEFAULT_MAX_ITEMS}).
     *
     * @param runs the coordinator
     * @param leaseDuration how long a lease lasts from its hand-out or last heartbeat: an executor
     *     whose heartbeats stop loses its attempts after this
     * @param maxOutputBytes the largest output a success report may carry; a larger one fails the attempt
     */
    public AttemptLifecycle(RunCoordinator runs, Duration leaseDuration, int maxOutputBytes) {
        this(runs, leaseDuration, maxOutputBytes, Expansions.DEFAULT_MAX_ITEMS);
    }

    /**
     * @param runs the coordinator
     * @param leaseDuration how long a lease lasts from its hand-out or last heartbeat: an executor
     *     whose heartbeats stop loses its attempts after this
     * @param maxOutputBytes the largest output a success report may carry; a larger one fails the attempt
     * @param maxMapItems the most instances one expansion of a mapped task may have; a longer list fails
     *     the parent whose output it is
     */
    public AttemptLifecycle(RunCoordinator runs, Duration leaseDuration, int maxOutputBytes, int maxMapItems) {
        this.runs = runs;
        this.leaseDuration = leaseDuration;
        this.maxOutputBytes = maxOutputBytes;
        this.maxMapItems = maxMapItems;
        this.batches = new AttemptBatcher(runs, leaseDuration);
        this.deferrals = new Deferrals(runs);
    }

    /** @return the largest output a success report may carry, in bytes */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    /**
     * Turns taken queue entries into leases: SCHEDULED → RUNNING by compare-and-set, the entries of
     * one run in one batch (see {@link AttemptBatcher}). A stale entry (the attempt was cleared, marked or
     * its run finished) is discarded and its slot freed.
     *
     * @param entries the entries (counted as running by the queue)
     * @param executorId who takes them
     * @return the leases, in the order of the entries, without the stale ones
     */
    public List<TaskLease> handOutAll(List<QueuedTask> entries, String executorId) {
        List<AttemptBatcher.HandOut> ops = new ArrayList<>(entries.size());
        List<RunState> states = new ArrayList<>(entries.size());
        for (QueuedTask e : entries) {
            RunState rs = runs.run(e.runId());
            if (rs == null) {
                runs.queue().release(e);
                continue;
            }
            AttemptBatcher.HandOut op = new AttemptBatcher.HandOut(e, executorId, token());
            runs.enqueue(rs, op); // all queued first, so that the entries of one run share one batch
            ops.add(op);
            states.add(rs);
        }
        Map<RunState, AttemptBatcher.HandOut> firstOfRun = new LinkedHashMap<>();
        for (int k = 0; k < ops.size(); k++) {
            firstOfRun.putIfAbsent(states.get(k), ops.get(k));
        }
        if (firstOfRun.size() > 1) {
            // several runs (a burn-down of single-task runs): their batches commit together, not one after another
            ParallelCalls.callAll(List.copyOf(firstOfRun.entrySet()), e -> {
                runs.await(e.getKey(), e.getValue(), batches);
                return true;
            });
        }
        List<TaskLease> out = new ArrayList<>(ops.size());
        RuntimeException failure = null;
        for (int k = 0; k < ops.size(); k++) {
            try {
                runs.await(states.get(k), ops.get(k), batches);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
            ops.get(k).lease.ifPresent(out::add);
        }
        if (failure != null) {
            if (out.isEmpty()) {
                throw failure;
            }
            LOG.log(System.Logger.Level.WARNING, "Handing out " + entries.size() + " attempts to " + executorId + ": "
                    + (entries.size() - out.size()) + " not handed out, their state is judged by the store on restart: "
                    + failure.getMessage());
        }
        return out;
    }

    /**
     * Turns one taken queue entry into a lease (see {@link #handOutAll}).
     *
     * @param e the entry (counted as running by the queue)
     * @param executorId who takes it
     * @return the lease, or empty when the entry was stale
     */
    public Optional<TaskLease> handOut(QueuedTask e, String executorId) {
        List<TaskLease> l = handOutAll(List.of(e), executorId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    private String token() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Applies an executor's report: RUNNING → SUCCESS (with the branch decision of a branch task and
     * the task's output, stored in the same commit; an output over {@link #maxOutputBytes()} fails the
     * attempt instead; so does an output that is not a list of at most {@code maxMapItems} items when
     * a task is mapped over it, whose expansion is stored in the same commit too), →
     * SKIPPED (the task skipped itself), → DEFERRED (it asked to be poked again later, see
     * {@link Deferrals}), or → FAILED / FAILED_PENDING_RETRY. A branch decision naming
     * a task that is not a direct child fails the attempt with a message naming the valid children.
     * Idempotent by attempt, token and outcome: a copy sent while the first is pending shares its
     * result; a copy sent after the first was recorded is acknowledged; a report of another outcome
     * than the recorded one is refused as a conflict (see {@link RepeatedReports}).
     *
     * @param key the attempt
     * @param token the token handed out with it
     * @param outcome what happened
     * @return accepted, or why it was refused (nothing changed then)
     */
    public ReportResult report(AttemptKey key, String token, TaskOutcome outcome) {
        RunState rs = runs.run(key.runId());
        if (rs == null) {
            return RepeatedReports.judge(runs.store(), key, token, outcome, null);
        }
        if (outcome instanceof TaskOutcome.Success success) {
            int i = rs.index(key.taskId());
            List<String> branch = success.branch().orElse(null);
            if (branch != null && i >= 0) {
                try {
                    branch = TaskContext.checkBranch(key.taskId(), rs.task(i).children(), branch);
                } catch (InvalidBranchException e) {
                    return report(key, token, TaskOutcome.failed(e.getMessage()));
                }
            }
            TaskOutput output = success.output().orElse(null);
            if (output != null && output.size() > maxOutputBytes) {
                return report(key, token, TaskOutcome.failed("Task '" + key.taskId() + "' stored an output of "
                        + output.size() + " bytes, over the scheduler's limit of " + maxOutputBytes + " bytes "
                        + "(maxOutputBytes); pass large data by reference: write it to a file or an object store and "
                        + "output its path or URL"));
            }
            List<TaskExpansion> expansions = List.of();
            List<Integer> mappedOver = i < 0 || !rs.hasMappedTasks() ? List.of() : rs.mappedOverOutputOf(i);
            for (int k = 0; k < mappedOver.size(); k++) { // usually none: no allocation on the common path
                int c = mappedOver.get(k);
                if (expansions.isEmpty()) {
                    expansions = new ArrayList<>(1);
                }
                try {
                    expansions.add(Expansions.of(key.taskId(), rs.task(c).id(), success.output(), maxMapItems));
                } catch (TaskOutputException e) {
                    return report(key, token, TaskOutcome.failed(e.getMessage()));
                }
            }
            AttemptBatcher.Report op = new AttemptBatcher.Report(key, token, branch, output, expansions);
            runs.submit(rs, op, batches);
            return op.result == null ? RepeatedReports.judge(runs.store(), key, token, outcome, null) : op.result;
        }
        if (outcome instanceof TaskOutcome.Skipped skipped) {
            return skip(rs, key, token, skipped);
        }
        if (outcome instanceof TaskOutcome.Deferred deferred) {
            return deferrals.defer(key, token, deferred);
        }
        TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
        return runs.withRun(rs, (now, fx) -> {
            if (rs.finished()) {
                return RepeatedReports.judge(runs.store(), key, token, outcome, null);
            }
            runs.settleIfUnsettled(rs, now, fx); // a failing store fails this report too: the executor retries it
            int i = rs.index(key.taskId());
            ReportResult refused = check(rs, i, key, token);
            if (refused != null) {
                return RepeatedReports.judge(runs.store(), key, token, outcome, refused);
            }
            boolean applied;
            try {
                applied = runs.fail(rs, i, failed.error(), RunCoordinator.FailureCause.REPORTED, now, fx);
            } catch (RuntimeException e) {
                rs.unsettled(true); // the attempt's transition may be committed and what follows it not
                throw e;
            }
            if (!applied) {
                return RepeatedReports.judge(runs.store(), key, token, outcome,
                        ReportResult.refused(Status.NOT_RUNNING, key + " is no longer RUNNING in the store"));
            }
            return ReportResult.accepted(key + " recorded as failed");
        });
    }

    /** RUNNING → SKIPPED for a task that skipped itself; its pending children are then decided by their rules. */
    private ReportResult skip(RunState rs, AttemptKey key, String token, TaskOutcome.Skipped outcome) {
        return runs.withRun(rs, (now, fx) -> {
            if (rs.finished()) {
                return RepeatedReports.judge(runs.store(), key, token, outcome, null);
            }
            runs.settleIfUnsettled(rs, now, fx);
            int i = rs.index(key.taskId());
            ReportResult refused = check(rs, i, key, token);
            if (refused != null) {
                return RepeatedReports.judge(runs.store(), key, token, outcome, refused);
            }
            AttemptTransition t = AttemptTransition.of(key, TaskStatus.RUNNING, TaskStatus.SKIPPED, now)
                    .withReason("short-circuit: " + outcome.reason());
            if (!runs.store().attempts().transition(t)) {
                return RepeatedReports.judge(runs.store(), key, token, outcome,
                        ReportResult.refused(Status.NOT_RUNNING, key + " is no longer RUNNING in the store"));
            }
            runs.counters().attempts(TaskStatus.SKIPPED, 1);
            runs.endAttemptLease(rs, i, key, TaskStatus.SKIPPED, null, now);
            rs.set(i, TaskStatus.SKIPPED);
            try {
                runs.decided(rs, i, now, fx);
            } catch (RuntimeException e) {
                rs.unsettled(true); // the SKIPPED is committed, what follows it not: settled by the next operation
                throw e;
            }
            return ReportResult.accepted(key + " recorded as SKIPPED");
        });
    }

    /**
     * Applies a report that says which executor sends it: refused ({@link Status#WRONG_EXECUTOR},
     * nothing changed) when the attempt was handed out to another one, else as
     * {@link #report(AttemptKey, String, TaskOutcome)}.
     *
     * @param key the attempt
     * @param executorId the reporting executor, empty when the report does not say
     * @param token the token handed out with it
     * @param outcome what happened
     * @return accepted, or why it was refused
     */
    public ReportResult report(AttemptKey key, Optional<String> executorId, String token, TaskOutcome outcome) {
        ReportResult foreign = foreign(key, executorId, token);
        return foreign != null ? foreign : report(key, token, outcome);
    }

    /**
     * Extends a lease for the executor it was handed out to (see {@link #heartbeat(AttemptKey, String)}).
     *
     * @param key the attempt
     * @param executorId the executor, empty when the heartbeat does not say
     * @param token its token
     * @return accepted with the new deadline, or why it was refused
     */
    public ReportResult heartbeat(AttemptKey key, Optional<String> executorId, String token) {
        ReportResult foreign = foreign(key, executorId, token);
        return foreign != null ? foreign : heartbeat(key, token);
    }

    /**
     * The refusal of a report or heartbeat with the right token from another executor than the one
     * the attempt was handed out to; null otherwise (the report's own checks decide). Without the
     * run lock: the token and the executor of a lease are read as one pair, and the executor of a
     * token never changes, so checking before applying is as good as checking while applying.
     */
    private ReportResult foreign(AttemptKey key, Optional<String> executorId, String token) {
        RunState rs = executorId.isEmpty() || token == null ? null : runs.run(key.runId());
        int i = rs == null ? -1 : rs.index(key.taskId());
        RunState.Holder holder = i < 0 ? null : rs.holder(i);
        if (holder == null || !token.equals(holder.token()) || holder.executorId() == null
                || holder.executorId().equals(executorId.get())) {
            return null;
        }
        return ReportResult.refused(Status.WRONG_EXECUTOR, key + " was handed out to executor '" + holder.executorId()
                + "', not to '" + executorId.get() + "'; nothing changed");
    }

    /**
     * Extends a lease: the deadline becomes at least now + lease duration, but never later than the
     * attempt's start + task timeout + lease duration (the timeout bounds an attempt whose executor
     * keeps heartbeating; the executor enforces it itself first).
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
        return runs.withRun(rs, (now, fx) -> {
            int i = rs.index(key.taskId());
            ReportResult refused = check(rs, i, key, token);
            if (refused != null) {
                return refused;
            }
            Instant bound = rs.startedAt(i).plus(rs.task(i).config().timeout()).plus(leaseDuration);
            Instant wanted = now.plus(leaseDuration);
            wanted = wanted.isAfter(bound) ? bound : wanted;
            Instant deadline = wanted.isAfter(rs.lease(i)) ? wanted : rs.lease(i);
            if (!deadline.equals(rs.lease(i))) {
                AttemptTransition t = AttemptTransition.leaseExtension(key, now, deadline);
                if (!runs.store().attempts().transition(t)) {
                    return ReportResult.refused(Status.NOT_RUNNING, key + " is no longer RUNNING in the store");
                }
                rs.lease(i, deadline);
                runs.attemptLeases().schedule(new AttemptLease(key, token, deadline));
            }
            return new ReportResult(Status.ACCEPTED, key + " lease until " + deadline, Optional.of(deadline));
        });
    }

    /**
     * Fails an attempt whose lease expired ("executor lost"), if it is still the running one.
     *
     * @param lease the expired lease
     */
    public void expire(AttemptLease lease) {
        AttemptKey key = lease.key();
        RunState rs = runs.run(key.runId());
        if (rs == null) {
            return;
        }
        runs.withRun(rs, (now, fx) -> {
            int i = rs.index(key.taskId());
            if (rs.finished() || check(rs, i, key, lease.token()) != null) {
                return null;
            }
            if (rs.lease(i).isAfter(now)) {
                runs.attemptLeases().schedule(new AttemptLease(key, lease.token(), rs.lease(i))); // extended meanwhile
                return null;
            }
            Duration ran = Duration.between(rs.startedAt(i), now);
            Duration timeout = rs.task(i).config().timeout();
            try {
                runs.settleIfUnsettled(rs, now, fx);
                runs.fail(rs, i, "executor lost: lease expired after " + ran + (ran.compareTo(timeout) > 0
                        ? " (past the task timeout " + timeout + ")" : " (no heartbeat for " + leaseDuration + ")"),
                        RunCoordinator.FailureCause.LEASE_EXPIRED, now, fx);
            } catch (RuntimeException e) {
                // the store failed: the expiry is tried again shortly (the lease left the monitor when it expired)
                rs.unsettled(true);
                runs.attemptLeases().schedule(new AttemptLease(key, lease.token(), now.plus(AttemptBatcher.HAND_OUT_RETRY)));
                LOG.log(System.Logger.Level.WARNING, "Cannot fail " + key + " (lease expired): " + e.getMessage()
                        + "; trying again in " + AttemptBatcher.HAND_OUT_RETRY);
            }
            return null;
        });
    }

    static ReportResult check(RunState rs, int i, AttemptKey key, String token) {
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
