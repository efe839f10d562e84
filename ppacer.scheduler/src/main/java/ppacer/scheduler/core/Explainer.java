package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.api.TriggerRule;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.BackfillThrottle;
import ppacer.scheduler.model.RunWhy;
import ppacer.scheduler.model.Why;
import ppacer.scheduler.model.Why.Kind;

/**
 * The one explainer: why a task, a run or a DAG is where it is, read from the structures that decide
 * it, never re-derived: the run's {@link RunState} (status, trigger-rule verdict over its parent
 * counts, holder and lease), the {@link TaskQueue}'s lanes, delayed heap and limits
 * ({@link TaskQueue#places}), {@link RunAdmission}'s slots and queued runs, {@link ExecutorContact}
 * and the leadership. Finished tasks are explained from their stored attempts (error, reason).
 *
 * <p>One instance answers at one instant {@code now}; make a new one per question.
 */
public final class Explainer {
    /** How long without any executor contact before ready attempts are blamed on it. */
    public static final Duration NO_EXECUTOR_AFTER = Duration.ofSeconds(30);

    /**
     * The leader's in-memory core, when this scheduler leads.
     *
     * @param queue the task queue
     * @param admission the run slots
     * @param runs the active runs
     * @param leaseDuration an attempt's lease (a heartbeat extends it by this much)
     * @param backfills the backfills (which runs are theirs, which are held back)
     */
    public record Core(TaskQueue queue, RunAdmission admission, RunCoordinator runs, Duration leaseDuration,
                       Backfills backfills) {
    }

    /**
     * Who leads, for a standby's answer.
     *
     * @param nodeId this scheduler
     * @param leaderId the leader, when known
     * @param leaderUrl its URL, when known
     */
    public record Standby(String nodeId, Optional<String> leaderId, Optional<String> leaderUrl) {
    }

    private final Core core;
    private final Standby standby;
    private final ExecutorContact contact;
    private final Instant now;
    private Why queuedRun;
    private long queuedRunId;

    /**
     * @param core the leader's core; null when this scheduler does not lead
     * @param standby who leads (used when {@code core} is null)
     * @param contact the executors' contact with this scheduler
     * @param now the scheduler's clock now
     */
    public Explainer(Core core, Standby standby, ExecutorContact contact, Instant now) {
        this.core = core;
        this.standby = standby;
        this.contact = contact;
        this.now = now;
    }

    /**
     * Why a run is where it is: run-level reasons and each unfinished task's.
     *
     * @param dag the run's DAG
     * @param run the run as just read
     * @param latest the latest attempt of each task (tasks never scheduled have none)
     * @param paused whether the DAG is paused
     * @return the answer
     */
    public RunWhy run(Dag dag, DagRunRecord run, List<TaskAttemptRecord> latest, boolean paused) {
        Map<String, TaskAttemptRecord> byTask = byTask(latest);
        Map<String, Why> tasks = run.status().isTerminal() ? Map.of() : unfinishedTasks(dag, run, byTask, paused);
        return new RunWhy(run.runId(), run.dagId(), run.status(), runLevel(dag, run, byTask, paused, tasks), tasks);
    }

    /**
     * Why a run is where it is, summed up: the run-level reasons, how many unfinished tasks have each
     * reason, and the full answers of one page of them, the ones most worth reading first (see {@link
     * Kind#readingRank()}: held back by something outside the run's own progress, then running, then
     * queued, then waiting for parents; the DAG's order within each). Every task's reason is decided by
     * the same code as {@link #task}, but only the page's get their sentence and details, and while the
     * run is in memory only the page's running tasks' attempts are read (the rest decide from memory),
     * so a 10,000-task run costs its counts plus a page.
     *
     * @param dag the run's DAG
     * @param run the run as just read
     * @param attempts reads the latest attempts of the given task ids ({@code null}: of every task)
     * @param paused whether the DAG is paused
     * @param reason only tasks of this reason in the page (and {@code total}); empty: all
     * @param offset how many tasks of the reading order to pass over
     * @param limit at most this many tasks in the page
     * @return the answer
     */
    public RunWhy run(Dag dag, DagRunRecord run, java.util.function.Function<List<String>, List<TaskAttemptRecord>> attempts,
                      boolean paused, Optional<Kind> reason, int offset, int limit) {
        if (run.status().isTerminal()) {
            return run(dag, run, attempts.apply(null), paused);
        }
        Snapshot snap = snapshot(dag, run);
        // in memory, a task's kind does not depend on its stored attempt (only finished tasks' details do)
        Map<String, TaskAttemptRecord> byTask = snap.rs() == null ? byTask(attempts.apply(null)) : Map.of();
        List<DagTask> all = dag.tasks();
        int[] counts = new int[Kind.values().length];
        int ranks = 0;
        for (Kind k : Kind.values()) {
            ranks = Math.max(ranks, k.readingRank() + 1);
        }
        int[] inRank = new int[ranks];
        Kind[] kinds = new Kind[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Kind k = task(dag, run, all.get(i), byTask, paused, snap, false).kind();
            kinds[i] = k;
            if (!k.finished()) {
                counts[k.ordinal()]++;
                if (reason.isEmpty() || reason.get() == k) {
                    inRank[k.readingRank()]++;
                } else {
                    kinds[i] = null; // not listed
                }
            } else {
                kinds[i] = null;
            }
        }
        // the reading order (by rank, the DAG's order within), as task indexes: a counting sort
        int[] start = new int[ranks];
        for (int r = 1; r < ranks; r++) {
            start[r] = start[r - 1] + inRank[r - 1];
        }
        int total = ranks == 0 ? 0 : start[ranks - 1] + inRank[ranks - 1];
        int[] order = new int[total];
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] != null) {
                order[start[kinds[i].readingRank()]++] = i;
            }
        }
        int from = Math.min(offset, total);
        int to = (int) Math.min((long) from + limit, total);
        List<Integer> pageIdx = java.util.Arrays.stream(order, from, to).boxed().toList();
        List<DagTask> page = pageIdx.stream().map(all::get).toList();
        // in memory, only a running task's answer reads its stored attempt (the executor, when the run's
        // state lost its holder over a restart): read those only
        List<String> running = pageIdx.stream().filter(i -> kinds[i] == Kind.RUNNING).map(i -> all.get(i).id()).toList();
        Map<String, TaskAttemptRecord> pageAttempts = snap.rs() == null || running.isEmpty() ? byTask
                : byTask(attempts.apply(running));
        Map<String, Why> tasks = new LinkedHashMap<>();
        for (DagTask t : page) {
            tasks.put(t.id(), task(dag, run, t, pageAttempts, paused, snap, true));
        }
        List<Why> runLevel = new ArrayList<>(runLevel(dag, run, byTask, paused));
        if (counts[Kind.QUEUED_NO_EXECUTOR.ordinal()] > 0) {
            runLevel.add(noExecutor("the scheduled tasks wait", NO_EXECUTOR_AFTER.toSeconds()));
        }
        return new RunWhy(run.runId(), run.dagId(), run.status(), runLevel, tasks, RunWhy.countsOf(counts), total);
    }

    /**
     * The run-level reasons of {@link #run} alone (what a run page shows at the top), without the
     * reason of every task: the tasks are looked at only when no executor has polled for
     * {@link #NO_EXECUTOR_AFTER}, the one run-level reason that depends on them.
     *
     * @param dag the run's DAG
     * @param run the run as just read
     * @param latest the latest attempt of each task (tasks never scheduled have none)
     * @param paused whether the DAG is paused
     * @return the run-level reasons, in a fixed order
     */
    public List<Why> runLevel(Dag dag, DagRunRecord run, List<TaskAttemptRecord> latest, boolean paused) {
        Map<String, TaskAttemptRecord> byTask = byTask(latest);
        Map<String, Why> tasks = run.status().isTerminal() || core == null || !noExecutorFor() ? Map.of()
                : unfinishedTasks(dag, run, byTask, paused);
        return runLevel(dag, run, byTask, paused, tasks);
    }

    /** The reason of each unfinished task of an unfinished run, in the DAG's task order. */
    private Map<String, Why> unfinishedTasks(Dag dag, DagRunRecord run, Map<String, TaskAttemptRecord> byTask, boolean paused) {
        Map<String, Why> tasks = new LinkedHashMap<>();
        Snapshot snap = snapshot(dag, run);
        for (DagTask t : dag.tasks()) {
            Why w = task(dag, run, t, byTask, paused, snap);
            if (!w.kind().finished()) {
                tasks.put(t.id(), w);
            }
        }
        return tasks;
    }

    /** The run-level reasons, given the reasons of its unfinished tasks (empty when not needed). */
    private List<Why> runLevel(Dag dag, DagRunRecord run, Map<String, TaskAttemptRecord> byTask, boolean paused,
                               Map<String, Why> tasks) {
        List<Why> runLevel = new ArrayList<>(runLevel(dag, run, byTask, paused));
        if (tasks.values().stream().anyMatch(w -> w.kind() == Kind.QUEUED_NO_EXECUTOR)) {
            runLevel.add(noExecutor("the scheduled tasks wait", NO_EXECUTOR_AFTER.toSeconds()));
        }
        return runLevel;
    }

    /**
     * Why one task of a run is where it is.
     *
     * @param dag the run's DAG
     * @param run the run as just read
     * @param task the task (of {@code dag})
     * @param latest the latest attempt of each task, or at least of the task and its parents
     * @param paused whether the DAG is paused
     * @return the answer
     */
    public Why task(Dag dag, DagRunRecord run, DagTask task, List<TaskAttemptRecord> latest, boolean paused) {
        return task(dag, run, task, byTask(latest), paused, snapshot(dag, run, task));
    }

    /**
     * Why a DAG has no run going now: paused, or when its next run is due (its catch-up window is
     * the schedule points between its last run and now, created at once).
     *
     * @param dagId the DAG
     * @param paused whether it is paused
     * @param next its next due schedule point (empty without a schedule or on a standby)
     * @param active its unfinished runs (ids), oldest first
     * @param throttled its running backfills that are held back now
     * @return the reasons, in a fixed order
     */
    public List<Why> dag(String dagId, boolean paused, Optional<Instant> next, List<Long> active,
                         List<BackfillThrottle> throttled) {
        return dag(dagId, Optional.empty(), paused, next, active, active, throttled);
    }

    /**
     * Why a DAG has no run going, with what its schedule policy does at its next point: the catch-up
     * window, and the overlap policy's decision against the runs active outside backfills.
     *
     * @param dagId the DAG
     * @param dag its definition, when known (empty: the policy part is left out)
     * @param paused whether it is paused
     * @param next its next due schedule point (empty without a schedule or on a standby)
     * @param active its unfinished runs (ids), oldest first
     * @param activeOutsideBackfills those of them not of a backfill (the ones the overlap policy weighs)
     * @param throttled its running backfills that are held back now
     * @return the reasons, in a fixed order
     */
    public List<Why> dag(String dagId, Optional<Dag> dag, boolean paused, Optional<Instant> next, List<Long> active,
                         List<Long> activeOutsideBackfills, List<BackfillThrottle> throttled) {
        List<Why> out = new ArrayList<>();
        if (core == null) {
            out.add(notLeader());
        }
        if (paused) {
            out.add(new Why(Kind.DAG_PAUSED, dagId + " is paused: no run is created or started until `ppacer unpause "
                    + dagId + "`", details("dagId", dagId)));
        }
        Map<String, Object> d = details("dagId", dagId);
        d.put("next", next.map(Instant::toString).orElse(null));
        d.put("active", active);
        d.put("catchingUp", next.isPresent() && !next.get().isAfter(now));
        String when = next.isEmpty() ? "it has no schedule point ahead (manual runs only"
                + (core == null ? ", or ask the leader" : "") + ")"
                : !next.get().isAfter(now) ? "its schedule point " + next.get() + " is due now: the scheduler is catching up"
                : "its next run is due at " + next.get() + " (in " + Duration.between(now, next.get()).toSeconds() + " s)";
        String policy = dag.map(x -> policy(x, next, activeOutsideBackfills, d)).orElse("");
        out.add(new Why(Kind.NEXT_SCHEDULE, dagId + (active.isEmpty() ? " has no active run; " : " has active runs "
                + active + "; ") + when + policy, d));
        for (BackfillThrottle b : throttled) {
            Map<String, Object> bd = details("backfillId", b.backfillId());
            bd.put("running", b.unfinished());
            bd.put("max", b.maxActive());
            bd.put("queuedAhead", b.queuedAhead());
            out.add(new Why(Kind.BACKFILL_THROTTLED, "backfill " + b.backfillId() + " of " + dagId + " has "
                    + b.unfinished() + "/" + b.maxActive() + " unfinished runs"
                    + (b.queuedAhead() > 0 ? " and " + b.queuedAhead() + " scheduled or triggered run(s) of the DAG wait"
                    + " ahead of it: they start first" : ": its next point is created when one ends"), bd));
        }
        return out;
    }

    // ---- run level ----

    private List<Why> runLevel(Dag dag, DagRunRecord run, Map<String, TaskAttemptRecord> byTask, boolean paused) {
        List<Why> out = new ArrayList<>();
        if (run.status().isTerminal()) {
            Map<String, Object> d = details("finishedAt", run.finishedAt().map(Instant::toString).orElse(null));
            if (run.status() == DagRunStatus.SUCCESS) {
                out.add(new Why(Kind.SUCCESS, "run " + run.runId() + " succeeded: every task succeeded or was skipped", d));
            } else {
                List<String> failed = new ArrayList<>();
                for (DagTask t : dag.tasks()) {
                    TaskAttemptRecord a = byTask.get(t.id());
                    if (a != null && a.status() == TaskStatus.FAILED) {
                        failed.add(t.id());
                    }
                }
                d.put("failedTasks", failed);
                out.add(new Why(Kind.FAILED, "run " + run.runId() + " failed: " + (failed.isEmpty() ? "a task failed"
                        : "failed task" + (failed.size() > 1 ? "s " : " ") + String.join(", ", failed)), d));
            }
            return out;
        }
        if (core == null) {
            out.add(notLeader());
            return out;
        }
        if (run.status() == DagRunStatus.QUEUED) {
            out.add(queuedRun(run, paused));
        }
        return out;
    }

    /** Why a QUEUED run has not started (the same for each of its tasks: decided once per answer). */
    private Why queuedRun(DagRunRecord run, boolean paused) {
        if (queuedRun == null || queuedRunId != run.runId()) {
            queuedRun = decideQueuedRun(run, paused);
            queuedRunId = run.runId();
        }
        return queuedRun;
    }

    /** Why a QUEUED run has not started: its paused DAG, else its DAG's max active runs. */
    private Why decideQueuedRun(DagRunRecord run, boolean paused) {
        if (paused) {
            return new Why(Kind.DAG_PAUSED, run.dagId() + " is paused: the run waits until `ppacer unpause "
                    + run.dagId() + "`", details("dagId", run.dagId()));
        }
        RunAdmission.Standing s = core.admission().standing(run.dagId(), run.runId());
        if (core.backfills().waitsBehindScheduled(run.dagId(), run.runId())) {
            long backfillId = core.backfills().backfillOf(run.runId()).orElse(-1);
            Map<String, Object> d = details("backfillId", backfillId);
            d.put("active", s.active());
            d.put("max", s.max());
            d.put("queuedAhead", s.ahead());
            return new Why(Kind.BACKFILL_THROTTLED, "run " + run.runId() + " belongs to backfill " + backfillId + ": "
                    + run.dagId() + " has " + s.active() + "/" + s.max() + " active runs and a backfill's run starts only"
                    + " when no scheduled or triggered run of the DAG waits" + (s.ahead().isEmpty() ? "" : " (runs "
                    + s.ahead().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + " go first)"), d);
        }
        List<Long> behind = new ArrayList<>();
        for (RunState rs : core.runs().runs()) {
            if (rs.dag().id().equals(run.dagId())) {
                behind.add(rs.runId());
            }
        }
        behind.sort(null);
        behind.addAll(s.ahead());
        Map<String, Object> d = details("active", s.active());
        d.put("max", s.max());
        d.put("behind", behind);
        return new Why(Kind.MAX_ACTIVE_RUNS, run.dagId() + " has " + s.active() + "/" + s.max()
                + " active runs: the run is queued behind run" + (behind.size() == 1 ? " " : "s ")
                + behind.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("(none yet: it starts now)"), d);
    }

    /**
     * @param what who waits
     * @param seconds the seconds to say (the run level says the fixed threshold, so that its sentence
     *     stays the same while it holds; a task says how long)
     */
    private Why noExecutor(String what, long seconds) {
        Map<String, Object> d = details("secondsWithoutExecutor", Duration.between(contact.last(), now).toSeconds());
        d.put("lastContact", contact.last().toString());
        return new Why(Kind.QUEUED_NO_EXECUTOR, "no executor has polled for " + seconds + " s: " + what + " until one does (start one with `ppacer executor --scheduler URL`, or use"
                + " `ppacer run`, which has its own)", d);
    }

    private Why notLeader() {
        Map<String, Object> d = details("nodeId", standby.nodeId());
        d.put("leaderId", standby.leaderId().orElse(null));
        d.put("leaderUrl", standby.leaderUrl().orElse(null));
        return new Why(Kind.NOT_LEADER, "this scheduler (" + standby.nodeId() + ") is a standby: only the leader decides"
                + " and hands out tasks; the leader is " + standby.leaderId().orElse("unknown")
                + standby.leaderUrl().map(u -> " at " + u + " (ask it: ppacer --scheduler " + u + " why ...)").orElse(""), d);
    }

    private boolean noExecutorFor() {
        return !contact.polling() && Duration.between(contact.last(), now).compareTo(NO_EXECUTOR_AFTER) >= 0;
    }

    // ---- task level ----

    /** The in-memory facts of one run read under its lock at once, and its DAG's queue places. */
    private record Snapshot(RunState rs, TaskQueue.Places places) {
    }

    /** As {@link #snapshot(Dag, DagRunRecord)}, with the queue's place of one task only. */
    private Snapshot snapshot(Dag dag, DagRunRecord run, DagTask task) {
        if (core == null || run.status().isTerminal()) {
            return new Snapshot(null, null);
        }
        RunState rs = core.runs().run(run.runId());
        return new Snapshot(rs, rs == null ? null : core.queue().places(dag.id(), run.runId(), task.id()));
    }

    private Snapshot snapshot(Dag dag, DagRunRecord run) {
        if (core == null || run.status().isTerminal()) {
            return new Snapshot(null, null);
        }
        RunState rs = core.runs().run(run.runId());
        return new Snapshot(rs, rs == null ? null : core.queue().places(dag.id()));
    }

    /** A task's facts from its run state, copied under the run lock. */
    private record Facts(TaskStatus status, int attempt, String executorId, Instant startedAt, Instant lease,
                         boolean planned, TriggerRule.Verdict verdict, TriggerRule rule, List<String> notDone,
                         int succeeded, int failed, int skipped, String setup, TaskStatus setupStatus) {
    }

    private Why task(Dag dag, DagRunRecord run, DagTask task, Map<String, TaskAttemptRecord> byTask, boolean paused,
                     Snapshot snap) {
        return task(dag, run, task, byTask, paused, snap, true);
    }

    /**
     * The one decision of a task's reason. With {@code full} false the answer has its kind only (an
     * empty message and no details: what a run's counts need), decided by the same branches.
     */
    private Why task(Dag dag, DagRunRecord run, DagTask task, Map<String, TaskAttemptRecord> byTask, boolean paused,
                     Snapshot snap, boolean full) {
        TaskAttemptRecord a = byTask.get(task.id());
        if (a != null && a.status().isTerminal() && (snap.rs() == null || run.status().isTerminal())) {
            return finished(dag, task, a, byTask);
        }
        if (run.status().isTerminal()) {
            return new Why(Kind.CANCELLED, "task '" + task.id() + "' never ran: run " + run.runId() + " ended "
                    + run.status(), details("attempt", null));
        }
        if (core == null) {
            return notLeader();
        }
        if (run.status() == DagRunStatus.QUEUED) {
            return queuedRun(run, paused);
        }
        RunState rs = snap.rs();
        if (rs == null) {
            return new Why(Kind.QUEUED, "run " + run.runId() + " is being started or settled by the scheduler just now;"
                    + " ask again", details("position", 0));
        }
        int i = task.order();
        Facts f = core.runs().read(rs, r -> facts(r, i));
        if (f.status() != null && f.status().isTerminal()) {
            TaskAttemptRecord stored = a != null && a.key().attempt() == f.attempt() ? a : null;
            if (stored != null && stored.status() == f.status()) {
                return finished(dag, task, stored, byTask);
            }
            return full ? new Why(kindOf(f.status()), "task '" + task.id() + "' is " + f.status(), details("attempt",
                    f.attempt())) : brief(kindOf(f.status()));
        }
        if (f.status() == null) {
            return pending(task, f, full);
        }
        return switch (f.status()) {
            case RUNNING -> full ? running(task, f, a) : brief(Kind.RUNNING);
            case SCHEDULED -> scheduled(rs, task, f, snap.places(), full);
            case DEFERRED -> full ? deferred(rs, task, f) : brief(Kind.DEFERRED);
            default -> new Why(Kind.QUEUED, "task '" + task.id() + "' is " + f.status(), details("attempt", f.attempt()));
        };
    }

    private static Facts facts(RunState r, int i) {
        TaskStatus s = r.status(i);
        RunState.Holder h = r.holder(i);
        List<String> notDone = List.of();
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        TriggerRule.Verdict verdict = null;
        if (s == null) {
            int[] c = r.parentCounts(i);
            succeeded = c[1];
            failed = c[2];
            skipped = c[3];
            notDone = new ArrayList<>();
            for (int p : r.parents(i)) {
                TaskStatus ps = r.status(p);
                if (ps == null || !ps.isTerminal()) {
                    notDone.add(r.task(p).id() + ": " + (ps == null ? "PENDING" : ps.name()));
                }
            }
            verdict = r.verdict(i);
        }
        int setup = r.setup(i);
        return new Facts(s, r.attempt(i), h == null ? null : h.executorId(), r.startedAt(i), r.lease(i), r.planned(i),
                verdict, r.rule(i), notDone, succeeded, failed, skipped, setup < 0 ? null : r.task(setup).id(),
                setup < 0 ? null : r.status(setup));
    }

    private Why pending(DagTask task, Facts f, boolean full) {
        if (!full) {
            return brief(f.planned() || f.verdict() != TriggerRule.Verdict.WAIT ? Kind.QUEUED
                    : f.rule() == null || f.rule() == TriggerRule.ALL_SUCCESS ? Kind.WAITING_FOR_UPSTREAM
                    : Kind.TRIGGER_RULE_NOT_MET);
        }
        if (f.planned() || f.verdict() != TriggerRule.Verdict.WAIT) {
            return new Why(Kind.QUEUED, "task '" + task.id() + "' was just decided (" + (f.planned() ? "to run" : f.verdict())
                    + "); its attempt is being written", details("position", 0));
        }
        Map<String, Object> d = details("waitingFor", f.notDone());
        d.put("parents", f.notDone().size() + f.succeeded() + f.failed() + f.skipped());
        if (f.rule() == null) {
            d.put("setup", f.setup());
            return new Why(Kind.WAITING_FOR_UPSTREAM, "teardown '" + task.id() + "' of '" + f.setup()
                    + "' waits for every parent to end: " + String.join(", ", f.notDone()), d);
        }
        if (f.rule() == TriggerRule.ALL_SUCCESS) {
            return new Why(Kind.WAITING_FOR_UPSTREAM, "task '" + task.id() + "' waits for "
                    + (f.notDone().size() == 1 ? "its parent " : "its parents ") + String.join(", ", f.notDone()), d);
        }
        Map<String, Object> r = details("rule", f.rule().name());
        r.put("needs", needs(f.rule()));
        r.put("succeeded", f.succeeded());
        r.put("failed", f.failed());
        r.put("skipped", f.skipped());
        r.put("notDone", f.notDone().size());
        r.put("waitingFor", f.notDone());
        return new Why(Kind.TRIGGER_RULE_NOT_MET, "task '" + task.id() + "' has rule " + f.rule() + ", which needs "
                + needs(f.rule()) + "; so far " + f.succeeded() + " succeeded, " + f.failed() + " failed, " + f.skipped()
                + " skipped; waiting for " + String.join(", ", f.notDone()), r);
    }

    /** @return what a rule needs to run, in words (the table of {@link TriggerRule}) */
    static String needs(TriggerRule rule) {
        return switch (rule) {
            case ALL_SUCCESS -> "every parent to succeed";
            case ALL_DONE -> "every parent to end";
            case ALL_FAILED -> "every parent to fail";
            case ONE_SUCCESS -> "one parent to succeed";
            case ONE_FAILED -> "one parent to fail";
            case ONE_DONE -> "one parent to succeed or fail";
            case NONE_FAILED -> "every parent to succeed or be skipped";
            case NONE_FAILED_MIN_ONE_SUCCESS -> "every parent to succeed or be skipped, one of them succeeded";
            case NONE_SKIPPED -> "every parent to end without being skipped";
            case ALWAYS -> "nothing";
        };
    }

    private Why running(DagTask task, Facts f, TaskAttemptRecord a) {
        String executor = f.executorId() != null ? f.executorId()
                : a != null ? a.executorId().orElse("an executor") : "an executor";
        Map<String, Object> d = details("attempt", f.attempt());
        d.put("executorId", executor);
        d.put("since", f.startedAt() == null ? null : f.startedAt().toString());
        d.put("leaseDeadline", f.lease() == null ? null : f.lease().toString());
        Instant beat = f.lease() == null ? null : f.lease().minus(core.leaseDuration());
        d.put("lastHeartbeat", beat == null || (f.startedAt() != null && beat.isBefore(f.startedAt())) ? null : beat.toString());
        return new Why(Kind.RUNNING, "task '" + task.id() + "' runs on " + executor + " since " + f.startedAt()
                + " (attempt " + f.attempt() + "; its lease runs until " + f.lease() + ", renewed by heartbeats)", d);
    }

    /** A task that deferred itself: until when, which poke, the time to the next poke and the task's reason. */
    private Why deferred(RunState rs, DagTask task, Facts f) {
        ppacer.api.spi.AttemptKey key = new ppacer.api.spi.AttemptKey(rs.runId(), task.id(), f.attempt());
        Optional<ppacer.api.spi.AttemptDeferral> d = core.runs().store().deferrals().find(key);
        Map<String, Object> details = details("attempt", f.attempt());
        if (d.isEmpty()) {
            return new Why(Kind.DEFERRED, "task '" + task.id() + "' is deferred (attempt " + f.attempt() + ")", details);
        }
        ppacer.api.spi.AttemptDeferral x = d.get();
        long in = Math.max(0, Duration.between(now, x.until()).toSeconds());
        details.put("until", x.until().toString());
        details.put("pokes", x.pokes());
        details.put("nextPokeInSeconds", in);
        details.put("reason", x.reason());
        x.timeout().ifPresent(t -> details.put("timeout", t.toString()));
        return new Why(Kind.DEFERRED, "task '" + task.id() + "' is deferred until " + x.until() + " (poke " + x.pokes()
                + "), next poke in " + in + " s: " + x.reason(), details);
    }

    /**
     * The schedule policy at the DAG's next point: its catch-up setting and what its overlap policy will
     * decide against the runs active outside backfills ({@code overlapDecision}: NONE when none is
     * active, else START, SKIP, BUFFER or CANCEL). Puts the details and returns the sentence to add.
     */
    private static String policy(Dag dag, Optional<Instant> next, List<Long> activeOutsideBackfills, Map<String, Object> d) {
        d.put("catchUp", dag.catchUp());
        d.put("catchUpWindow", dag.catchUpWindow().map(Duration::toString).orElse(null));
        d.put("overlap", dag.overlap().name());
        String decision = activeOutsideBackfills.isEmpty() || next.isEmpty() ? "NONE" : switch (dag.overlap()) {
            case ALLOW -> "START";
            case SKIP -> "SKIP";
            case BUFFER_ONE -> "BUFFER";
            case CANCEL_OTHER -> "CANCEL";
        };
        d.put("overlapDecision", decision);
        String runs = activeOutsideBackfills.size() == 1 ? "run " + activeOutsideBackfills.getFirst()
                : "runs " + activeOutsideBackfills;
        String catchUp = Boolean.TRUE.equals(d.get("catchingUp")) && dag.catchUpWindow().isPresent()
                ? "; catch-up window " + dag.catchUpWindow().get() + ": missed points older than that are recorded SKIPPED"
                : "";
        return catchUp + switch (decision) {
            case "START" -> "; at that point a new run starts beside " + runs + " (overlap ALLOW)";
            case "SKIP" -> "; that point is skipped while " + runs + (activeOutsideBackfills.size() == 1 ? " is" : " are")
                    + " active (overlap SKIP)";
            case "BUFFER" -> "; that point's run waits until " + runs + " end" + (activeOutsideBackfills.size() == 1 ? "s" : "")
                    + " (overlap BUFFER_ONE: at most one waits)";
            case "CANCEL" -> "; at that point " + runs + (activeOutsideBackfills.size() == 1 ? " is" : " are")
                    + " cancelled and a new run starts (overlap CANCEL_OTHER)";
            default -> "";
        };
    }

    private Why scheduled(RunState rs, DagTask task, Facts f, TaskQueue.Places places, boolean full) {
        // a brief answer (a run's counts) needs the state and the limits, not the position: no sort
        TaskQueue.Place p = full ? places.place(rs.runId(), task.id(), f.attempt())
                : places.state(rs.runId(), task.id(), f.attempt());
        if (!full) {
            // the branches below, in their order, without their sentences
            java.util.Optional<String> pool = task.config().pool();
            return brief(p.state() == TaskQueue.PlaceState.DELAYED ? Kind.RETRY_DELAY
                    : p.state() == TaskQueue.PlaceState.READY && pool.isPresent()
                    && !poolUsage(pool.get()).fits(task.config().poolSlots()) ? Kind.POOL_FULL
                    : p.state() == TaskQueue.PlaceState.READY && (p.globalFull() || p.dagFull()) ? Kind.MAX_ACTIVE_TASKS
                    : noExecutorFor() ? Kind.QUEUED_NO_EXECUTOR : Kind.QUEUED);
        }
        if (p.state() == TaskQueue.PlaceState.DELAYED) {
            Map<String, Object> d = details("attempt", f.attempt());
            d.put("until", p.dueAt().toString());
            return new Why(Kind.RETRY_DELAY, "task '" + task.id() + "' failed and retries (attempt " + f.attempt()
                    + ") at " + p.dueAt() + " (in " + Math.max(0, Duration.between(now, p.dueAt()).toSeconds())
                    + " s), after its retry delay", d);
        }
        java.util.Optional<String> pool = task.config().pool();
        if (p.state() == TaskQueue.PlaceState.READY && pool.isPresent()) {
            ppacer.scheduler.model.PoolUsage u = poolUsage(pool.get());
            if (!u.fits(task.config().poolSlots())) {
                Map<String, Object> d = details("pool", u.name());
                d.put("used", u.used());
                d.put("slots", u.slots());
                d.put("needs", task.config().poolSlots());
                d.put("holders", u.holders().stream().map(k -> "run " + k.runId() + " " + k.taskId()).toList());
                return new Why(Kind.POOL_FULL, u.defined() ? "pool " + u.name() + " is full (" + u.used() + "/" + u.slots()
                        + " slots held by " + u.holders().stream().limit(5).map(k -> k.taskId() + " of run " + k.runId())
                        .toList() + (u.holders().size() > 5 ? " and " + (u.holders().size() - 5) + " more" : "")
                        + "): task '" + task.id() + "' needs " + task.config().poolSlots() + " and waits for one to end"
                        : "pool " + u.name() + " is not defined (0 slots): task '" + task.id() + "' waits until it is"
                        + " (`ppacer pool set " + u.name() + " SLOTS`)", d);
            }
        }
        if (p.state() == TaskQueue.PlaceState.READY && p.globalFull()) {
            Map<String, Object> d = details("scope", "scheduler");
            d.put("running", p.running());
            d.put("max", p.maxRunning());
            return new Why(Kind.MAX_ACTIVE_TASKS, "the scheduler runs " + p.running() + "/" + p.maxRunning()
                    + " tasks (maxRunningTasks): task '" + task.id() + "' waits for one to end", d);
        }
        if (p.state() == TaskQueue.PlaceState.READY && p.dagFull()) {
            Map<String, Object> d = details("scope", "dag");
            d.put("running", p.dagRunning());
            d.put("max", p.dagLimit());
            return new Why(Kind.MAX_ACTIVE_TASKS, rs.dag().id() + " runs " + p.dagRunning() + "/" + p.dagLimit()
                    + " tasks (maxActiveTasks): task '" + task.id() + "' waits for one to end", d);
        }
        if (noExecutorFor()) {
            return noExecutor("task '" + task.id() + "' waits", Duration.between(contact.last(), now).toSeconds());
        }
        Map<String, Object> d = details("position", p.position());
        d.put("of", p.ofDag());
        d.put("queued", p.size());
        d.put("executorsPolling", contact.polling());
        if (p.state() == TaskQueue.PlaceState.ABSENT) {
            return new Why(Kind.QUEUED, "task '" + task.id() + "' is being handed out or waits for room in the queue ("
                    + p.size() + " entries held)", d);
        }
        String behind = "";
        if (p.aheadOutsideBackfills() > 0) {
            d.put("aheadOutsideBackfills", p.aheadOutsideBackfills());
            behind = " (a backfill's task: behind " + p.aheadOutsideBackfills() + " scheduled or triggered task"
                    + (p.aheadOutsideBackfills() == 1 ? "" : "s") + ", which go first)";
        }
        return new Why(Kind.QUEUED, "task '" + task.id() + "' is queued at position " + p.position() + " of "
                + p.ofDag() + " ready tasks of " + rs.dag().id() + behind + (contact.polling() ? ", executors polling"
                : ", no executor polling right now (last contact " + Duration.between(contact.last(), now).toSeconds()
                + " s ago)"), d);
    }

    /** A pool's usage now; an undefined pool has no slots. */
    private ppacer.scheduler.model.PoolUsage poolUsage(String pool) {
        return core.queue().poolUsage(pool).orElse(new ppacer.scheduler.model.PoolUsage(pool, 0, 0, 0, false, List.of()));
    }

    /** A reason's kind alone (for counting). */
    private static Why brief(Kind kind) {
        return BRIEF[kind.ordinal()];
    }

    private static final Why[] BRIEF = java.util.Arrays.stream(Kind.values()).map(k -> new Why(k, "", Map.of()))
            .toArray(Why[]::new);

    private static Why finished(Dag dag, DagTask task, TaskAttemptRecord a, Map<String, TaskAttemptRecord> byTask) {
        Map<String, Object> d = details("attempt", a.key().attempt());
        d.put("finishedAt", a.finishedAt().map(Instant::toString).orElse(null));
        String id = "task '" + task.id() + "'";
        return switch (a.status()) {
            case SUCCESS -> new Why(Kind.SUCCESS, id + " succeeded" + a.finishedAt().map(t -> " at " + t).orElse("")
                    + " (attempt " + a.key().attempt() + ")", d);
            case FAILED -> {
                d.put("error", a.error().orElse(null));
                yield new Why(Kind.FAILED, id + " failed (attempt " + a.key().attempt() + ", retries used up): "
                        + a.error().orElse("no error text"), d);
            }
            case SKIPPED -> {
                d.put("reason", a.reason().orElse(null));
                yield new Why(Kind.SKIPPED, id + " was skipped: " + a.reason().orElse("the task skipped itself"), d);
            }
            case UPSTREAM_FAILED -> {
                String parent = null;
                for (String p : task.parents()) {
                    TaskAttemptRecord pa = byTask.get(p);
                    if (parent == null && pa != null
                            && (pa.status() == TaskStatus.FAILED || pa.status() == TaskStatus.UPSTREAM_FAILED)) {
                        parent = p;
                    }
                }
                if (parent == null && task.teardown().isPresent()) {
                    parent = task.teardown().get().setupId();
                }
                d.put("reason", a.reason().orElse(null));
                d.put("failedParent", parent);
                yield new Why(Kind.UPSTREAM_FAILED, id + " did not run: " + a.reason().orElse("upstream failed: '"
                        + parent + "' failed"), d);
            }
            default -> {
                d.put("reason", a.reason().or(a::error).orElse(null));
                yield new Why(Kind.CANCELLED, id + " was cancelled" + a.reason().or(a::error).map(r -> ": " + r).orElse(""), d);
            }
        };
    }

    private static Kind kindOf(TaskStatus s) {
        return switch (s) {
            case SUCCESS -> Kind.SUCCESS;
            case FAILED -> Kind.FAILED;
            case SKIPPED -> Kind.SKIPPED;
            case UPSTREAM_FAILED -> Kind.UPSTREAM_FAILED;
            default -> Kind.CANCELLED;
        };
    }

    private static Map<String, TaskAttemptRecord> byTask(List<TaskAttemptRecord> latest) {
        Map<String, TaskAttemptRecord> out = new HashMap<>();
        for (TaskAttemptRecord a : latest) {
            out.merge(a.key().taskId(), a, (x, y) -> x.key().attempt() >= y.key().attempt() ? x : y);
        }
        return out;
    }

    private static Map<String, Object> details(String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(key, value);
        return d;
    }
}
