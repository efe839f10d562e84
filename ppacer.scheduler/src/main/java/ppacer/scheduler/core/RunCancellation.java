package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;

/**
 * Cancels unfinished runs (overlap policy CANCEL_OTHER; a backfill cancelled with its runs). An active run, under its lock: each queued
 * or running attempt ends FAILED with the error {@value #REASON} by compare-and-set (the executor of a
 * running one learns it from its next heartbeat or report answer, "no longer RUNNING", and its task
 * is cancelled as for an operator's mark; a queued one's queue entry is dropped as stale at hand-out),
 * each pending task gets an UPSTREAM_FAILED attempt with the reason {@value #REASON} (decided by a
 * rule, so a restart of the run decides it again), and the run ends FAILED. Teardowns are not
 * cancelled: a running one finishes, a pending one is decided by its rule (it runs when its setup
 * succeeded, releasing what the setup made), and the run ends once they are done. A QUEUED run (not
 * started) goes QUEUED → FAILED.
 */
final class RunCancellation {
    /** The error of the attempts and the reason of the tasks a cancellation ends. */
    static final String REASON = "cancelled by overlap policy";
    private static final System.Logger LOG = System.getLogger(RunCancellation.class.getName());

    private final RunCoordinator runs;
    private final String reason;

    /** @param runs the coordinator */
    RunCancellation(RunCoordinator runs) {
        this(runs, REASON);
    }

    /**
     * @param runs the coordinator
     * @param reason the error of the attempts and the reason of the tasks it ends (e.g. a backfill's cancel)
     */
    RunCancellation(RunCoordinator runs, String reason) {
        this.runs = runs;
        this.reason = reason;
    }

    /**
     * Cancels an active run; a run that finished meanwhile is left alone. When the store fails midway,
     * what was written stands and the run is marked unsettled (the next change of it settles it); when
     * it fails before anything was written, the failure is thrown.
     *
     * @param rs the run
     * @return false when nothing was left to cancel (the run finished meanwhile, or only its teardowns
     *     are unfinished)
     */
    boolean cancel(RunState rs) {
        return runs.withRun(rs, (now, fx) -> {
            if (rs.finished()) {
                return false;
            }
            boolean changed = false;
            try {
                runs.settleIfUnsettled(rs, now, fx);
                List<NewAttempt> pending = new ArrayList<>();
                List<Integer> pendingIdx = new ArrayList<>();
                for (int i = 0; i < rs.size(); i++) {
                    TaskStatus s = rs.status(i);
                    if (rs.task(i).teardown().isPresent()) {
                        continue; // it releases what its setup made: decided by its rule below
                    }
                    if (rs.isInstance(i) ? rs.status(rs.mappedTaskOf(i)) == null
                            : rs.isMapped(i) && s == TaskStatus.RUNNING) {
                        continue; // a pending mapped task gets the row, not its instances; a running one ends with them
                    }
                    if (s == null) {
                        pending.add(new NewAttempt(new AttemptKey(rs.runId(), rs.task(i).id(), rs.attempt(i) + 1),
                                TaskStatus.UPSTREAM_FAILED, now, Optional.of(reason)));
                        pendingIdx.add(i);
                    } else if (s == TaskStatus.SCHEDULED || s == TaskStatus.RUNNING || s == TaskStatus.DEFERRED) {
                        changed |= end(rs, i, s, now);
                    }
                }
                if (!pending.isEmpty()) {
                    runs.store().attempts().insert(pending);
                    changed = true;
                    runs.counters().attempts(TaskStatus.UPSTREAM_FAILED, pending.size());
                    for (int i : pendingIdx) {
                        rs.set(i, rs.attempt(i) + 1, TaskStatus.UPSTREAM_FAILED);
                        rs.derived(i, true);
                    }
                }
                runs.settle(rs, now, fx); // teardowns whose setup succeeded run; a complete run finishes
            } catch (RuntimeException e) {
                if (!changed) {
                    throw e;
                }
                rs.unsettled(true); // the ended attempts are committed, what follows them not
                LOG.log(Level.WARNING, "Run " + rs.runId() + " of DAG '" + rs.dag().id() + "' was cancelled in part"
                        + " (the store failed); the next change of it settles it", e);
            }
            return changed;
        });
    }

    /**
     * Ends a queued or running attempt FAILED; a lost compare-and-set leaves it to its newer state.
     *
     * @return true when it ended
     */
    private boolean end(RunState rs, int i, TaskStatus from, Instant now) {
        AttemptKey key = new AttemptKey(rs.runId(), rs.task(i).id(), rs.attempt(i));
        if (!runs.store().attempts().transition(AttemptTransition.of(key, from, TaskStatus.FAILED, now).withError(reason))) {
            LOG.log(Level.WARNING, key + " was no longer " + from + " when cancelled (" + reason + "); left as stored");
            return false;
        }
        runs.counters().attempts(TaskStatus.FAILED, 1);
        if (from == TaskStatus.RUNNING) {
            runs.endAttemptLease(rs, i, key, TaskStatus.FAILED, reason, now);
        } else if (from == TaskStatus.DEFERRED) {
            runs.deferrals().cancel(key);
        }
        rs.set(i, TaskStatus.FAILED);
        return true;
    }

    /**
     * Cancels a run that waited for a slot (already taken out of the waiting line).
     *
     * @param w the run
     * @param now the time
     * @return true when it went QUEUED → FAILED
     */
    boolean cancelQueued(RunAdmission.Waiting w, Instant now) {
        if (!runs.store().dagRuns().transition(w.runId(), DagRunStatus.QUEUED, DagRunStatus.FAILED, now)) {
            LOG.log(Level.WARNING, "Run " + w.runId() + " of DAG '" + w.dagId()
                    + "' was no longer QUEUED when cancelled (" + reason + "); left as stored");
            return false;
        }
        runs.counters().runFinished(DagRunStatus.FAILED);
        return true;
    }
}
