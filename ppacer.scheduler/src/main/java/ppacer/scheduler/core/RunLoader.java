package ppacer.scheduler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskExpansion;

/**
 * Rebuilds the {@link RunState} of a run from the store: the latest attempt of every task, and for
 * tasks in the middle of retrying, how many retries they used (the FAILED_PENDING_RETRY attempts
 * right before the current one; attempts interrupted by a crash, see {@link Recovery}, are skipped).
 *
 * <p>Used by recovery (unfinished runs after a restart) and by operator actions that reopen a
 * finished run. Store reads: one for the latest attempts, plus one per task whose current attempt
 * is a retry.
 */
public final class RunLoader {
    /**
     * What the loader found that needs action.
     *
     * @param state the run state (not yet registered)
     * @param scheduled tasks whose latest attempt is SCHEDULED: index, and when it is due
     * @param running tasks whose latest attempt is RUNNING
     * @param pendingRetry tasks whose latest attempt is FAILED_PENDING_RETRY without a next attempt,
     *     with the instant the next attempt is due
     * @param deferred tasks whose latest attempt is DEFERRED (their deferrals are read by the caller)
     */
    public record Loaded(RunState state, List<Due> scheduled, List<TaskAttemptRecord> running, List<Due> pendingRetry,
                         List<TaskAttemptRecord> deferred) {
    }

    /**
     * A task index and a due time.
     *
     * @param index the task index
     * @param dueAt when its next (or current) attempt may be handed out
     */
    public record Due(int index, Instant dueAt) {
    }

    private final RunCoordinator runs;

    /** @param runs the coordinator, for the store and retry policy */
    public RunLoader(RunCoordinator runs) {
        this.runs = runs;
    }

    /**
     * @param dag the run's DAG
     * @param run the stored run
     * @return the rebuilt state and the attempts needing action
     */
    public Loaded load(Dag dag, DagRunRecord run) {
        RunState rs = new RunState(dag, run.runId(), run.logicalTime(), run.paramsJson(),
                run.ofBackfill(), run.bundleHash());
        List<Due> scheduled = new ArrayList<>();
        List<TaskAttemptRecord> running = new ArrayList<>();
        List<Due> pendingRetry = new ArrayList<>();
        List<TaskAttemptRecord> deferred = new ArrayList<>();
        java.util.Set<String> withOutputs = runs.store().attempts().tasksWithOutputs(run.runId());
        if (rs.hasMappedTasks()) { // the instances exist before their attempts are read
            for (TaskExpansion x : runs.store().attempts().expansions(run.runId())) {
                int m = rs.index(x.taskId());
                if (rs.isMapped(m) && rs.mappedOver(m) >= 0 && !rs.isMapped(rs.mappedOver(m))) {
                    rs.expand(m, x.count());
                }
            }
        }
        for (TaskAttemptRecord rec : runs.store().attempts().latest(run.runId())) {
            AttemptKey key = rec.key();
            int i = rs.index(key.taskId());
            if (i < 0) {
                continue; // the task left the DAG definition; it no longer takes part
            }
            int a = key.attempt();
            switch (rec.status()) {
                case SUCCESS -> {
                    rs.set(i, a, TaskStatus.SUCCESS);
                    if (withOutputs.contains(key.taskId())) {
                        rs.storedOutput(i); // its children's hand-outs read it
                    }
                    if (rec.branch().isPresent()) { // the stored decision stands; the task does not run again
                        List<String> children = rs.task(i).children();
                        rs.succeed(i, rs.chosen(i, rec.branch().get().stream().filter(children::contains).toList()));
                    }
                }
                case FAILED -> rs.set(i, a, TaskStatus.FAILED);
                case UPSTREAM_FAILED, SKIPPED -> {
                    rs.set(i, a, rec.status());
                    rs.derived(i, derived(rec));
                }
                case CANCELLED -> rs.set(i, a, null);
                case SCHEDULED -> {
                    rs.set(i, a, TaskStatus.SCHEDULED);
                    scheduled.add(new Due(i, retryState(rs, i, key, false)));
                }
                case RUNNING -> {
                    rs.set(i, a, null);
                    retryState(rs, i, key, false);
                    rs.running(i, rec.token().orElse(""), rec.startedAt().orElse(rec.updatedAt()),
                            rec.leaseDeadline().orElse(Instant.MIN));
                    rs.holder(i, rec.token().orElse(""), rec.executorId().orElse(null));
                    running.add(rec);
                }
                case DEFERRED -> {
                    rs.set(i, a, TaskStatus.DEFERRED);
                    retryState(rs, i, key, false);
                    deferred.add(rec);
                }
                case FAILED_PENDING_RETRY -> {
                    rs.set(i, a, null);
                    pendingRetry.add(new Due(i, retryState(rs, i, key, true)));
                }
            }
        }
        rs.refreshMapped();
        return new Loaded(rs, scheduled, running, pendingRetry, deferred);
    }

    /**
     * @param rec a SKIPPED or UPSTREAM_FAILED attempt
     * @return true when its trigger rule decided it (it never ran, and no operator marked it), so
     *     that an operator action may decide it again
     */
    static boolean derived(TaskAttemptRecord rec) {
        return rec.status() == TaskStatus.UPSTREAM_FAILED || rec.startedAt().isEmpty()
                && rec.reason().filter(r -> r.startsWith(OperatorActions.MARKED)).isEmpty();
    }

    /**
     * Sets retries used from the attempts history and returns when the current (or next) attempt is
     * due: the previous failure time plus the retry delay, or {@link Instant#MIN} for "now".
     */
    private Instant retryState(RunState rs, int i, AttemptKey key, boolean latestIsFailure) {
        if (key.attempt() == 0 && !latestIsFailure) {
            return Instant.MIN;
        }
        List<TaskAttemptRecord> history = runs.store().attempts().attempts(key.runId(), key.taskId());
        int end = latestIsFailure ? history.size() : history.size() - 1;
        int used = 0;
        Instant lastFailure = null;
        for (int k = end - 1; k >= 0 && (history.get(k).status() == TaskStatus.FAILED_PENDING_RETRY
                || Recovery.interrupted(history.get(k))); k--) {
            if (Recovery.interrupted(history.get(k))) {
                continue; // an attempt interrupted by a crash uses no retry
            }
            if (lastFailure == null) {
                TaskAttemptRecord f = history.get(k);
                lastFailure = f.finishedAt().orElse(f.updatedAt());
            }
            used++;
        }
        if (lastFailure == null) {
            rs.retriesUsed(i, 0);
            return Instant.MIN;
        }
        rs.retriesUsed(i, used);
        DagTask task = rs.task(i);
        // the delay of the retry that follows: computed as when the failure happened
        return runs.retryPolicy().dueAfter(task.config(), used, lastFailure);
    }
}
