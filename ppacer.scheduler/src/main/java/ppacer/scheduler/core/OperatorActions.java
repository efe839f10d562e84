package ppacer.scheduler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.NewAttempt;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.UnknownIdException;

/**
 * Operator actions on runs: restart a failed run, clear tasks, mark a task SUCCESS or FAILED. Each
 * reopens a finished run when needed (it counts as active again) and then settles it.
 */
public final class OperatorActions {
    private final RunCoordinator runs;
    private final RunLoader loader;
    private final DagRegistry registry;
    private final RunAdmission admission;

    /**
     * @param runs the coordinator
     * @param registry the DAGs
     * @param admission run slots
     */
    public OperatorActions(RunCoordinator runs, DagRegistry registry, RunAdmission admission) {
        this.runs = runs;
        this.loader = new RunLoader(runs);
        this.registry = registry;
        this.admission = admission;
    }

    /**
     * Restarts a FAILED run: FAILED and UPSTREAM_FAILED tasks get new attempts (retry budgets
     * reset), succeeded tasks are kept; tasks are queued only once their parents succeeded.
     *
     * @param runId the run
     * @throws UnknownIdException when the run or its DAG is unknown
     * @throws InvalidStateException when the run is not FAILED
     */
    public void restart(long runId) {
        DagRunRecord run = findRun(runId);
        Dag dag = dagOf(run);
        if (run.status() != DagRunStatus.FAILED) {
            throw new InvalidStateException("Run " + runId + " of DAG '" + dag.id() + "' is " + run.status()
                    + "; only a FAILED run can be restarted");
        }
        if (!runs.store().dagRuns().restart(runId, runs.clock().instant())) {
            throw new InvalidStateException("Run " + runId + " of DAG '" + dag.id() + "' changed meanwhile; it is no longer FAILED");
        }
        admission.acquire(dag.id());
        RunState rs = loader.load(dag, run).state();
        runs.withRun(rs, (now, fx) -> {
            for (DagTask t : dag.tasks()) {
                TaskStatus s = rs.status(t.order());
                if (s == TaskStatus.FAILED || s == TaskStatus.UPSTREAM_FAILED) {
                    rs.set(t.order(), null);
                    rs.retriesUsed(t.order(), 0);
                }
            }
            runs.add(rs);
            runs.settle(rs, now, fx);
            return null;
        });
    }

    /**
     * Clears a task: its current attempt (if queued or running) is CANCELLED and it gets a new
     * attempt once its parents succeeded. With {@code downstream}, its descendants too; tasks below
     * it that are UPSTREAM_FAILED are always cleared. A finished run goes back to RUNNING.
     *
     * @param runId the run
     * @param taskId the task
     * @param downstream whether to clear every task below it as well
     */
    public void clear(long runId, String taskId, boolean downstream) {
        withOpenRun(runId, taskId, (rs, now, fx) -> {
            int i = rs.index(taskId);
            Set<Integer> targets = new LinkedHashSet<>();
            targets.add(i);
            for (DagTask d : rs.dag().descendants(taskId)) {
                if (downstream || rs.status(d.order()) == TaskStatus.UPSTREAM_FAILED) {
                    targets.add(d.order());
                }
            }
            for (int t : targets) {
                TaskStatus s = rs.status(t);
                if (s == TaskStatus.SCHEDULED || s == TaskStatus.RUNNING) {
                    AttemptKey key = new AttemptKey(runId, rs.task(t).id(), rs.attempt(t));
                    if (runs.store().attempts().transition(AttemptTransition.of(key, s, TaskStatus.CANCELLED, now)
                            .withError("cleared by an operator"))) {
                        runs.counters().attempts(TaskStatus.CANCELLED, 1);
                        if (s == TaskStatus.RUNNING) {
                            runs.endAttemptLease(rs, key);
                        }
                    }
                }
                rs.set(t, null);
                rs.retriesUsed(t, 0);
            }
            runs.settle(rs, now, fx);
            return Boolean.TRUE;
        });
    }

    /**
     * Sets a task's current attempt to SUCCESS or FAILED by compare-and-set (a pending task gets an
     * attempt for it). SUCCESS releases the children and lifts UPSTREAM_FAILED below it where no
     * other failure blocks; FAILED marks the pending tasks below UPSTREAM_FAILED.
     *
     * @param runId the run
     * @param taskId the task
     * @param to SUCCESS or FAILED
     */
    public void mark(long runId, String taskId, TaskStatus to) {
        if (to != TaskStatus.SUCCESS && to != TaskStatus.FAILED) {
            throw new InvalidInputException("A task can be marked SUCCESS or FAILED, not " + to);
        }
        boolean already = withOpenRun(runId, taskId, (rs, now, fx) -> {
            boolean was = rs.status(rs.index(taskId)) == to;
            if (!was) {
                markLocked(rs, taskId, to, now);
            }
            runs.settle(rs, now, fx); // also finishes a reopened run again when nothing changed
            return was;
        });
        if (already) {
            throw new InvalidStateException("Task '" + taskId + "' of run " + runId + " is already " + to);
        }
    }

    private void markLocked(RunState rs, String taskId, TaskStatus to, Instant now) {
        long runId = rs.runId();
        int i = rs.index(taskId);
        TaskStatus s = rs.status(i);
        int a = rs.attempt(i);
        if (s == null) {
            a++;
            runs.store().attempts().insert(List.of(new NewAttempt(new AttemptKey(runId, taskId, a), TaskStatus.SCHEDULED, now)));
            runs.counters().attempts(TaskStatus.SCHEDULED, 1);
            s = TaskStatus.SCHEDULED;
        }
        AttemptKey key = new AttemptKey(runId, taskId, a);
        AttemptTransition tr = AttemptTransition.of(key, s, to, now);
        if (!runs.store().attempts().transition(to == TaskStatus.FAILED ? tr.withError("marked FAILED by an operator") : tr)) {
            throw new InvalidStateException("Task '" + taskId + "' of run " + runId + " changed meanwhile; try again");
        }
        runs.counters().attempts(to, 1);
        if (s == TaskStatus.RUNNING) {
            runs.endAttemptLease(rs, key);
        }
        rs.set(i, a, to);
        if (to == TaskStatus.SUCCESS) {
            liftUpstreamFailed(rs, taskId);
        }
    }

    /** Resets UPSTREAM_FAILED tasks below {@code taskId} that no remaining failure blocks (no writes). */
    private static void liftUpstreamFailed(RunState rs, String taskId) {
        List<Integer> lifted = new ArrayList<>();
        for (DagTask d : rs.dag().descendants(taskId)) {
            if (rs.status(d.order()) == TaskStatus.UPSTREAM_FAILED) {
                rs.set(d.order(), null);
                lifted.add(d.order());
            }
        }
        // a lifted task still below a failure keeps its UPSTREAM_FAILED row: restore it in memory
        Set<Integer> blocked = new HashSet<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int l : lifted) {
                if (blocked.contains(l)) {
                    continue;
                }
                for (String p : rs.task(l).parents()) {
                    TaskStatus ps = rs.status(rs.index(p));
                    if (ps == TaskStatus.FAILED || ps == TaskStatus.UPSTREAM_FAILED) {
                        rs.set(l, TaskStatus.UPSTREAM_FAILED);
                        blocked.add(l);
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /** A change of a run in memory; see {@link RunCoordinator.Change}. */
    @FunctionalInterface
    private interface OnRun<R> {
        R decide(RunState rs, Instant now, RunCoordinator.Effects fx);
    }

    /**
     * Changes the run in memory (loaded, and reopened when finished) through
     * {@link RunCoordinator#withRun}. A run found in memory may be finishing at that moment: its final
     * status is stored and it leaves memory under its lock. Such a state is never changed: the run is
     * opened again, now from the store, which reopens it.
     *
     * @param change what to do; answers non-null
     */
    private <R> R withOpenRun(long runId, String taskId, OnRun<R> change) {
        while (true) {
            RunState rs = open(runId, taskId);
            Optional<R> r = runs.withRun(rs, (now, fx) -> rs.finished() ? Optional.empty()
                    : Optional.of(change.decide(rs, now, fx)));
            if (r.isPresent()) {
                return r.get();
            }
        }
    }

    /** The active run state, reopening a finished run (back to RUNNING, counted active again). */
    private RunState open(long runId, String taskId) {
        RunState rs = runs.run(runId);
        DagRunRecord run = null;
        if (rs == null) {
            run = findRun(runId);
        }
        Dag dag = rs != null ? rs.dag() : dagOf(run);
        if (dag.task(taskId).isEmpty()) {
            throw new UnknownIdException("DAG '" + dag.id() + "' has no task '" + taskId + "'");
        }
        if (rs != null) {
            return rs;
        }
        if (!run.status().isTerminal()) {
            throw new InvalidStateException("Run " + runId + " of DAG '" + dag.id() + "' is " + run.status()
                    + " and not active yet; wait until it starts");
        }
        if (!runs.store().dagRuns().transition(runId, run.status(), DagRunStatus.RUNNING, runs.clock().instant())) {
            throw new InvalidStateException("Run " + runId + " of DAG '" + dag.id() + "' changed meanwhile; try again");
        }
        admission.acquire(dag.id());
        RunState loaded = loader.load(dag, run).state();
        runs.add(loaded);
        return loaded;
    }

    private DagRunRecord findRun(long runId) {
        return runs.store().dagRuns().find(runId)
                .orElseThrow(() -> new UnknownIdException("No DAG run with id " + runId));
    }

    private Dag dagOf(DagRunRecord run) {
        return registry.find(run.dagId()).orElseThrow(() -> new UnknownIdException(
                "Run " + run.runId() + " belongs to DAG '" + run.dagId() + "', which is not in the registry"));
    }
}
