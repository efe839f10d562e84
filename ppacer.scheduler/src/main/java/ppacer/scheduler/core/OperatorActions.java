package ppacer.scheduler.core;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.TaskMapping;
import ppacer.api.TaskStatus;
import ppacer.api.protocol.RestartPlan;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.NewAttempt;
import ppacer.scheduler.model.Actor;
import ppacer.scheduler.model.DagCatalog;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.UnknownIdException;

/**
 * Operator actions on runs: restart a failed run, clear tasks, mark a task SUCCESS, FAILED or SKIPPED. Each
 * reopens a finished run when needed (it counts as active again) and then settles it.
 */
public final class OperatorActions {
    private final RunCoordinator runs;
    private final RunLoader loader;
    private final DagCatalog catalog;
    private final RunAdmission admission;

    /**
     * @param runs the coordinator
     * @param registry the DAGs
     * @param admission run slots
     */
    public OperatorActions(RunCoordinator runs, DagRegistry registry, RunAdmission admission) {
        this(runs, DagCatalog.fixed(registry), admission);
    }

    /**
     * @param runs the coordinator
     * @param catalog the DAGs (a run acted on uses the DAG version it started with)
     * @param admission run slots
     */
    public OperatorActions(RunCoordinator runs, DagCatalog catalog, RunAdmission admission) {
        this.runs = runs;
        this.loader = new RunLoader(runs);
        this.catalog = catalog;
        this.admission = admission;
    }

    /**
     * Restarts a FAILED run: FAILED tasks get new attempts (retry budgets reset), the tasks their
     * rules decided (UPSTREAM_FAILED, SKIPPED below them) are decided again, and the setup and
     * teardown around a failed task run again; succeeded tasks are kept.
     *
     * @param runId the run
     * @throws UnknownIdException when the run or its DAG is unknown
     * @throws InvalidStateException when the run is not FAILED
     */
    public void restart(long runId) {
        restart(runId, Actor.JAVA);
    }

    /**
     * As {@link #restart(long)}, with the audit row (action {@code run.restart}) in the transaction of
     * the run's move from FAILED to RUNNING.
     *
     * @param runId the run
     * @param by who restarts it
     */
    public void restart(long runId, Actor by) {
        DagRunRecord run = restartable(runId);
        Dag dag = dagOf(run);
        Instant at = runs.clock().instant();
        if (!runs.store().dagRuns().restart(runId, at, Optional.of(by.entry(at, "run.restart",
                AuditTarget.dag(dag.id()).withRun(runId), Optional.of(DagRunStatus.FAILED.name()),
                Optional.of(DagRunStatus.RUNNING.name()))))) {
            throw new InvalidStateException("Run " + runId + " of DAG '" + dag.id() + "' changed meanwhile; it is no longer FAILED");
        }
        admission.acquire(new RunAdmission.Slot(dag.id(), run.ofBackfill()));
        RunState rs = loader.load(dag, run).state();
        runs.withRun(rs, (now, fx) -> {
            Set<Integer> targets = restartTargets(rs);
            runs.add(rs);
            reset(rs, targets, now, PendingAudit.none());
            settleAgain(rs, now, fx, PendingAudit.none());
            return null;
        });
    }

    /**
     * Goes on with a finished run a backfill has just restarted in the store (FAILED or SUCCESS →
     * RUNNING, in the transaction of the backfill's step; its slot is taken already): as
     * {@link #restart}, with every task run again when {@code allTasks}, else the FAILED ones and the
     * setups and teardowns around them.
     *
     * @param runId the run
     * @param allTasks whether every task runs again (reprocess ALL) or only the failed ones
     */
    void rerun(long runId, boolean allTasks) {
        DagRunRecord run = findRun(runId);
        Dag dag = dagOf(run);
        RunState rs = loader.load(dag, run).state();
        runs.withRun(rs, (now, fx) -> {
            Set<Integer> targets = allTasks ? new LinkedHashSet<>(rs.dag().tasks().stream().map(DagTask::order).toList())
                    : restartTargets(rs);
            runs.add(rs);
            reset(rs, targets, now, PendingAudit.none());
            settleAgain(rs, now, fx, PendingAudit.none());
            return null;
        });
    }

    /** @return the coordinator the actions change runs through */
    RunCoordinator coordinator() {
        return runs;
    }

    /** @return the runs in memory now (active) */
    java.util.Collection<RunState> activeRuns() {
        return runs.runs();
    }

    /**
     * What {@link #restart} would do to a FAILED run now, computed by the same steps on a copy of
     * its state loaded from the store, changing nothing: the tasks that get a new attempt, and how
     * the trigger rules then decide the run's pending tasks.
     *
     * @param runId the run
     * @return the plan
     * @throws UnknownIdException when the run or its DAG is unknown
     * @throws InvalidStateException when the run is not FAILED
     */
    public RestartPlan planRestart(long runId) {
        DagRunRecord run = restartable(runId);
        RunState rs = loader.load(dagOf(run), run).state();
        Set<Integer> targets = restartTargets(rs);
        for (int t : targets) {
            int[] instances = rs.isMapped(t) ? rs.instances(t) : null;
            for (int k : instances == null ? new int[0] : instances) {
                rs.set(k, null);
            }
            rs.set(t, null); // reset's change in memory (a FAILED run has no attempt to cancel)
        }
        RuleDecisions d = decideAgain(rs);
        Set<Integer> now = new HashSet<>();
        d.run.forEach(t -> now.add(t.order()));
        List<String> rerun = new java.util.ArrayList<>();
        List<String> waiting = new java.util.ArrayList<>();
        int kept = 0;
        for (DagTask t : rs.dag().tasks()) {
            int i = t.order();
            if (targets.contains(i)) {
                rerun.add(t.id());
            }
            if (rs.status(i) == null && !now.contains(i)) {
                waiting.add(t.id());
            } else if (!targets.contains(i) && rs.status(i) != null && !d.notRun.contains(i)) {
                kept++;
            }
        }
        List<RestartPlan.NotRun> notRun = new java.util.ArrayList<>();
        for (int k = 0; k < d.notRun.size(); k++) {
            int i = d.notRun.get(k);
            notRun.add(new RestartPlan.NotRun(rs.task(i).id(), rs.status(i), d.reasons.get(k)));
        }
        return new RestartPlan(runId, rs.dag().id(), rerun, d.run.stream().map(DagTask::id).toList(), waiting, notRun,
                kept);
    }

    private DagRunRecord restartable(long runId) {
        DagRunRecord run = findRun(runId);
        if (run.status() != DagRunStatus.FAILED) {
            throw new InvalidStateException("Run " + runId + " of DAG '" + run.dagId() + "' is " + run.status()
                    + "; only a FAILED run can be restarted");
        }
        return run;
    }

    /** The tasks a restart gives a new attempt: the FAILED ones, with the setups and teardowns around them. */
    private static Set<Integer> restartTargets(RunState rs) {
        Set<Integer> targets = new LinkedHashSet<>();
        for (DagTask t : rs.dag().tasks()) {
            if (rs.status(t.order()) == TaskStatus.FAILED) {
                targets.add(t.order());
            }
        }
        withSetupsAndTeardowns(rs, targets);
        return targets;
    }

    /**
     * Clears a task: its current attempt (if queued or running) is CANCELLED and it gets a new
     * attempt once its rule lets it run. With {@code downstream}, its descendants too; tasks below
     * it whose rules decided them (UPSTREAM_FAILED, SKIPPED) are always decided again, so clearing
     * a branch task decides its children again. A task between a setup and its teardown clears both,
     * so the resource is made and released again. A finished run goes back to RUNNING.
     *
     * @param runId the run
     * @param taskId the task
     * @param downstream whether to clear every task below it as well
     */
    public void clear(long runId, String taskId, boolean downstream) {
        clear(runId, taskId, downstream, Actor.JAVA);
    }

    /**
     * As {@link #clear(long, String, boolean)}, with the audit row (action {@code task.clear}) in the
     * transaction of the clear's first write that applies: the cancellation of a live attempt or the
     * insert of the new attempts (a finished run's reopening is not enough: its tasks get new attempts).
     *
     * @param runId the run
     * @param taskId the task
     * @param downstream whether to clear every task below it as well
     * @param by who clears it
     */
    public void clear(long runId, String taskId, boolean downstream, Actor by) {
        withOpenRun(runId, taskId, (rs, now, fx) -> {
            int i = existing(rs, taskId);
            Set<Integer> targets = new LinkedHashSet<>();
            targets.add(i);
            if (downstream) {
                for (DagTask d : rs.dag().descendants(TaskMapping.mappedTaskOf(taskId).orElse(taskId))) {
                    targets.add(d.order());
                }
            }
            withSetupsAndTeardowns(rs, targets);
            PendingAudit audit = new PendingAudit(Optional.of(by.entry(now, "task.clear", target(rs, taskId),
                    Optional.of(shown(rs.status(i))), Optional.of("cleared" + (targets.size() > 1 ? " with "
                    + (targets.size() - 1) + " other task(s)" : "")))));
            reset(rs, targets, now, audit);
            settleAgain(rs, now, fx, audit);
            return Boolean.TRUE;
        });
    }

    private static AuditTarget target(RunState rs, String taskId) {
        return AuditTarget.dag(rs.dag().id()).withRun(rs.runId()).withTask(taskId, TaskMapping.indexOf(taskId));
    }

    /** @return a task's status for the audit log, {@code pending} when it has none */
    private static String shown(TaskStatus s) {
        return s == null ? "pending" : s.name();
    }

    /**
     * Sets a task's current attempt to SUCCESS, FAILED or SKIPPED by compare-and-set (a pending task
     * gets an attempt for it). The tasks below it whose rules decided them are decided again with the
     * new outcome (a SUCCESS lifts UPSTREAM_FAILED where no other failure blocks; FAILED marks the
     * pending tasks below per their rules).
     *
     * @param runId the run
     * @param taskId the task
     * @param to SUCCESS, FAILED or SKIPPED
     */
    public void mark(long runId, String taskId, TaskStatus to) {
        mark(runId, taskId, to, Actor.JAVA);
    }

    /**
     * As {@link #mark(long, String, TaskStatus)}, with the audit row (action {@code task.mark}) in the
     * transaction of the attempt's compare-and-set to {@code to}.
     *
     * @param runId the run
     * @param taskId the task
     * @param to SUCCESS, FAILED or SKIPPED
     * @param by who marks it
     */
    public void mark(long runId, String taskId, TaskStatus to, Actor by) {
        if (to != TaskStatus.SUCCESS && to != TaskStatus.FAILED && to != TaskStatus.SKIPPED) {
            throw new InvalidInputException("A task can be marked SUCCESS, FAILED or SKIPPED, not " + to);
        }
        boolean already = withOpenRun(runId, taskId, (rs, now, fx) -> {
            if (rs.isMapped(existing(rs, taskId))) {
                throw new InvalidInputException("Task '" + taskId + "' is mapped: its status is that of its instances, so"
                        + " it cannot be marked; clear it to run its instances again");
            }
            TaskStatus before = rs.status(rs.index(taskId));
            boolean was = before == to;
            if (!was) {
                markLocked(rs, taskId, to, now, by.entry(now, "task.mark", target(rs, taskId), Optional.of(shown(before)),
                        Optional.of(to.name())));
            }
            settleAgain(rs, now, fx, PendingAudit.none()); // also finishes a reopened run again when nothing changed
            return was;
        });
        if (already) {
            throw new InvalidStateException("Task '" + taskId + "' of run " + runId + " is already " + to);
        }
    }

    /**
     * @return the index of a task, or of an instance of a mapped task ({@code load[3]}) the run has
     * @throws UnknownIdException naming the instances the run has when it has no such instance
     */
    private static int existing(RunState rs, String taskId) {
        int i = rs.index(taskId);
        if (i < 0) {
            String m = TaskMapping.mappedTaskOf(taskId).orElseThrow();
            int[] instances = rs.instances(rs.index(m));
            throw new UnknownIdException("Run " + rs.runId() + " has no instance '" + taskId + "': task '" + m + "' "
                    + (instances == null ? "is not expanded yet" : instances.length == 0 ? "has no instances (an empty list)"
                    : "has " + instances.length + " instances, " + TaskMapping.instanceId(m, 0) + " to "
                    + TaskMapping.instanceId(m, instances.length - 1)));
        }
        return i;
    }

    /** The reason stored with an attempt an operator marked SKIPPED. */
    static final String MARKED = "marked SKIPPED by an operator";

    private void markLocked(RunState rs, String taskId, TaskStatus to, Instant now, AuditEntry audit) {
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
        tr = switch (to) {
            case FAILED -> tr.withError("marked FAILED by an operator");
            case SKIPPED -> tr.withReason(MARKED);
            default -> tr;
        };
        if (!runs.store().attempts().transition(tr, Optional.of(audit))) {
            throw new InvalidStateException("Task '" + taskId + "' of run " + runId + " changed meanwhile; try again");
        }
        runs.counters().attempts(to, 1);
        if (s == TaskStatus.RUNNING) {
            runs.endAttemptLease(rs, i, key, to, tr.error().orElse(null), now);
        } else if (s == TaskStatus.DEFERRED) {
            runs.deferrals().cancel(key);
        }
        rs.set(i, a, to);
        rs.derived(i, false);
    }

    /**
     * Adds to {@code targets} the setup and teardown around any of them: for each teardown T of a
     * setup S, when a target is S, T, or a task below S and above T.
     */
    private static void withSetupsAndTeardowns(RunState rs, Set<Integer> targets) {
        Dag dag = rs.dag();
        for (DagTask t : dag.tasks()) {
            if (t.teardown().isEmpty()) {
                continue;
            }
            int teardown = t.order();
            int setup = rs.index(t.teardown().get().setupId());
            Set<Integer> between = new HashSet<>();
            for (DagTask d : dag.descendants(dag.tasks().get(setup).id())) {
                between.add(d.order());
            }
            between.retainAll(ancestors(rs, teardown));
            between.add(setup);
            between.add(teardown);
            if (targets.stream().anyMatch(between::contains)) {
                targets.add(setup);
                targets.add(teardown);
            }
        }
    }

    private static Set<Integer> ancestors(RunState rs, int i) {
        Set<Integer> out = new HashSet<>();
        java.util.Deque<Integer> todo = new java.util.ArrayDeque<>(List.of(i));
        while (!todo.isEmpty()) {
            for (String p : rs.task(todo.pop()).parents()) {
                int pi = rs.index(p);
                if (out.add(pi)) {
                    todo.push(pi);
                }
            }
        }
        return out;
    }

    /**
     * Resets tasks so that they run again: a queued or running attempt is CANCELLED, retry budgets
     * reset. Caller holds the run lock.
     */
    private void reset(RunState rs, Set<Integer> targets, Instant now, PendingAudit audit) {
        for (int t : targets) {
            int[] instances = rs.isMapped(t) ? rs.instances(t) : null;
            for (int k : instances == null ? new int[0] : instances) {
                resetOne(rs, k, now, audit); // its instances run again (from the stored expansion) when it runs again
            }
            resetOne(rs, t, now, audit);
        }
    }

    private void resetOne(RunState rs, int t, Instant now, PendingAudit audit) {
        TaskStatus s = rs.status(t);
        if ((s == TaskStatus.SCHEDULED || s == TaskStatus.RUNNING || s == TaskStatus.DEFERRED) && rs.attempt(t) >= 0) {
            AttemptKey key = new AttemptKey(rs.runId(), rs.task(t).id(), rs.attempt(t));
            boolean cancelled = runs.store().attempts().transition(AttemptTransition.of(key, s, TaskStatus.CANCELLED, now)
                    .withError("cleared by an operator"), audit.next());
            audit.written(cancelled);
            if (cancelled) {
                runs.counters().attempts(TaskStatus.CANCELLED, 1);
                if (s == TaskStatus.RUNNING) {
                    runs.endAttemptLease(rs, t, key, TaskStatus.CANCELLED, "cleared by an operator", now);
                } else if (s == TaskStatus.DEFERRED) {
                    runs.deferrals().cancel(key);
                }
            }
        }
        rs.set(t, null);
        rs.retriesUsed(t, 0);
    }

    /**
     * Decides again every task whose rule decided it (UPSTREAM_FAILED, SKIPPED below a change), then
     * settles the run. A task decided as before keeps its attempt (no new row); one decided
     * otherwise gets a new attempt. Caller holds the run lock.
     */
    private void settleAgain(RunState rs, Instant now, RunCoordinator.Effects fx, PendingAudit audit) {
        runs.commit(rs, decideAgain(rs), now, fx, audit);
        runs.finishIfComplete(rs, now, fx);
    }

    /**
     * In memory: every task whose rule decided it is pending again and every pending task is decided
     * by its rule; a task decided as before is left out of the decisions (its stored attempt stands).
     */
    private static RuleDecisions decideAgain(RunState rs) {
        java.util.Map<Integer, TaskStatus> before = new java.util.HashMap<>();
        for (DagTask t : rs.dag().tasks()) {
            int i = t.order();
            if (rs.derived(i)) {
                before.put(i, rs.status(i));
                rs.set(i, null);
            }
        }
        RuleDecisions d = new RuleDecisions();
        rs.decideAll(d);
        for (int k = d.notRun.size() - 1; k >= 0; k--) {
            int i = d.notRun.get(k);
            if (before.get(i) == rs.status(i)) { // decided as before: its stored attempt stands
                d.notRun.remove(k);
                d.reasons.remove(k);
            }
        }
        return d;
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
        Optional<String> mapped = TaskMapping.mappedTaskOf(taskId)
                .filter(m -> dag.task(m).flatMap(DagTask::mapping).isPresent());
        if (dag.task(mapped.orElse(taskId)).isEmpty()) {
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
        admission.acquire(new RunAdmission.Slot(dag.id(), run.ofBackfill()));
        RunState loaded = loader.load(dag, run).state();
        runs.add(loaded);
        return loaded;
    }

    private DagRunRecord findRun(long runId) {
        return runs.store().dagRuns().find(runId)
                .orElseThrow(() -> new UnknownIdException("No DAG run with id " + runId));
    }

    /**
     * The DAG of a run as it started: the bundle version recorded on it (loaded again when needed). A run whose
     * version can no longer be had is refused rather than run on other code.
     */
    private Dag dagOf(DagRunRecord run) {
        if (run.bundleHash().isPresent()) {
            Optional<Dag> dag;
            try {
                dag = catalog.dag(run.dagId(), run.bundleHash());
            } catch (RuntimeException e) {
                throw new InvalidStateException("Run " + run.runId() + " of DAG '" + run.dagId() + "' ran on bundle version "
                        + run.bundleHash().get() + ", which cannot be loaded again: " + e.getMessage());
            }
            return dag.orElseThrow(() -> new InvalidStateException(
                    "Run " + run.runId() + " of DAG '" + run.dagId() + "' ran on bundle version " + run.bundleHash().get()
                            + ", which is no longer available (its jar left the bundle store, or it no longer defines the "
                            + "DAG); trigger a new run, which uses the active version"));
        }
        return catalog.dag(run.dagId(), Optional.empty()).orElseThrow(() -> new UnknownIdException(
                "Run " + run.runId() + " belongs to DAG '" + run.dagId() + "', which is not in the registry"));
    }
}
