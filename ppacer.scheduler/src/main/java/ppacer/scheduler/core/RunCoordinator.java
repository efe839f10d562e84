package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import ppacer.api.Alert;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.Store;

/**
 * The run state machine: moves runs and task attempts through their states, writing each change to
 * the store before changing memory, and holds the active runs.
 *
 * <p>State machine of a task (per attempt row): SCHEDULED → RUNNING → SUCCESS | FAILED |
 * FAILED_PENDING_RETRY (then a new SCHEDULED attempt, due after the retry delay) | SKIPPED (the task
 * skipped itself). When a task reaches an outcome, its pending children are decided by their
 * trigger rules ({@link RunState#decideBelow}): scheduled, or given a SKIPPED / UPSTREAM_FAILED row
 * with the reason, which decides their children in turn. A run is RUNNING until every task is
 * SUCCESS, FAILED, UPSTREAM_FAILED or SKIPPED, then FAILED when a task failed (teardowns excepted,
 * unless they fail the run), else SUCCESS.
 *
 * <p>Every change of a run goes through this class in one shape, {@link #withRun}: lock the run,
 * decide (change the {@link RunState}, write to the store, collect {@link Effects}), unlock, apply
 * the effects. {@link #withNewRuns} is the same for runs being started, {@link #submit} for the
 * batched hand-outs and success reports ({@link AttemptBatcher}), whose lock holder applies every
 * operation queued on the run. Only this class takes a run lock ({@link Guard}, private to it).
 *
 * <p>Concurrency: store writes for a run happen under its lock, so a run's changes are serial while
 * different runs proceed in parallel. Effects that may block or call out (queue puts, alerts, slot
 * release) are applied after the run lock is released, so that a full queue never blocks a taker
 * that needs the lock.
 */
public final class RunCoordinator {
    private static final System.Logger LOG = System.getLogger(RunCoordinator.class.getName());

    /** What to do after a run lock is released. */
    public static final class Effects {
        final List<QueuedTask> toQueue = new ArrayList<>();
        final List<Runnable> alerts = new ArrayList<>();
        final List<RunAdmission.Slot> finishedDags = new ArrayList<>();

        /** Creates an empty set of effects. */
        Effects() {
        }
    }

    /**
     * The lock of one run and its queue of batched operations; each {@link RunState} holds one. Its
     * fields are private to this class: nothing else locks a run.
     */
    static final class Guard {
        private final ReentrantLock lock = new ReentrantLock();
        /** Hand-outs and success reports waiting to be applied together by the lock holder ({@link #submit}). */
        private final Queue<AttemptBatcher.Op> pending = new ConcurrentLinkedQueue<>();

        Guard() {
        }
    }

    /**
     * A change of one run, decided under its lock.
     *
     * @param <R> what the change answers
     */
    @FunctionalInterface
    interface Change<R> {
        /**
         * @param now the time, read under the lock
         * @param fx effects to apply once the lock is released
         * @return the answer
         */
        R decide(Instant now, Effects fx);
    }

    /** Longest park of a waiter between lock attempts when nobody wakes it (see {@link #await}). */
    private static final long PARK_NANOS = 1_000_000;

    private final Store store;
    private final InstantSource clock;
    private final TaskQueue queue;
    private final RetryPolicy retryPolicy;
    /** Told of each run that becomes active (deadlines are tracked from it). */
    private volatile Consumer<RunState> onActive = rs -> { };
    /** Told of each hand-out of a task with a deadline. */
    private volatile TaskStartListener onTaskStarted = (rs, i, at) -> { };
    private final NotificationDispatcher alerts;
    private final Consumer<RunAdmission.Slot> runFinished;
    /** Pins the bundle versions of the active runs. */
    private volatile ppacer.scheduler.model.DagCatalog catalog = ppacer.scheduler.model.DagCatalog.fixed(ppacer.api.DagRegistry.of());
    private final Map<Long, RunState> runs = new ConcurrentHashMap<>();
    private final DueTimer<AttemptKey, AttemptLease> attemptLeases;
    /** Deferred attempts, each due when it is poked again (see {@link Deferrals}). */
    private final DueTimer<AttemptKey, ppacer.api.spi.AttemptDeferral> deferrals;
    private volatile Consumer<ppacer.api.spi.AttemptDeferral> onDeferralDue = d -> { };
    /** Told when a task's success recorded a new asset event (the DAG-run watcher wakes). */
    private volatile Runnable onAssetEvent = () -> { };
    private final CoreCounters counters;
    private volatile RunTracer tracer;
    private volatile boolean closed;

    /** Why a RUNNING attempt fails: what {@link #fail} counts it as. */
    enum FailureCause {
        /** its executor reported a failure */
        REPORTED,
        /** its lease expired: the executor was lost */
        LEASE_EXPIRED,
        /** a deferred attempt (a sensor) ran past its timeout: FAILED without a retry, as Airflow's sensor timeout */
        DEFERRAL_TIMED_OUT
    }

    /**
     * @param store the store
     * @param clock the clock
     * @param queue the task queue
     * @param retryPolicy the retry decisions
     * @param alerts the notification dispatcher
     * @param runFinished told the DAG id when a run reached SUCCESS or FAILED
     * @param onAttemptLeaseExpired receives expired leases (see {@link AttemptLifecycle#expire})
     * @param counters where the changes are counted (the scheduler's, kept across leadership terms)
     */
    public RunCoordinator(Store store, InstantSource clock, TaskQueue queue, RetryPolicy retryPolicy,
                          NotificationDispatcher alerts, Consumer<RunAdmission.Slot> runFinished,
                          Consumer<AttemptLease> onAttemptLeaseExpired, CoreCounters counters) {
        this.counters = counters;
        this.store = store;
        this.clock = clock;
        this.queue = queue;
        this.retryPolicy = retryPolicy;
        this.alerts = alerts;
        this.runFinished = runFinished;
        this.attemptLeases = AttemptLease.timer(clock, onAttemptLeaseExpired);
        this.tracer = new RunTracer(ppacer.api.spi.Tracing.OFF, clock);
        this.deferrals = new DueTimer<>(clock, ppacer.api.spi.AttemptDeferral::key, ppacer.api.spi.AttemptDeferral::until,
                d -> onDeferralDue.accept(d));
    }

    /**
     * Sets what is told when a producing task's success recorded a new asset event.
     *
     * @param value the listener (the DAG-run watcher's wake)
     */
    public void onAssetEvent(Runnable value) {
        onAssetEvent = java.util.Objects.requireNonNull(value, "onAssetEvent");
    }

    /**
     * Records the asset events of a succeeded attempt of task {@code i} (one per asset the task
     * produces; none for a task producing none), idempotently by attempt, and tells the listener when
     * one is new.
     *
     * @param rs the run
     * @param i the task
     * @param attempt the attempt number that succeeded
     * @param now the time
     */
    void produced(RunState rs, int i, int attempt, Instant now) {
        DagTask task = rs.task(i);
        List<String> assets = rs.dag().produces(task.id());
        if (assets.isEmpty()) {
            return;
        }
        boolean created = false;
        for (String asset : assets) {
            created |= store.assets().record(new ppacer.api.spi.NewAssetEvent(asset, now,
                    new ppacer.api.AssetEventSource.Task(rs.dag().id(), rs.runId(), rs.logicalTime(), task.id(), attempt),
                    "{}", Optional.empty()), Optional.empty()).created();
        }
        if (created) {
            onAssetEvent.run();
        }
    }

    /**
     * Sets where the spans of runs, attempts and slow store writes go (none by default); set before
     * the first run becomes active.
     *
     * @param value the tracer
     */
    public void traceWith(RunTracer value) {
        tracer = java.util.Objects.requireNonNull(value, "tracer");
    }

    RunTracer tracer() {
        return tracer;
    }

    /** @return the timer of the deferred attempts: each comes due when it is to be poked again */
    public DueTimer<AttemptKey, ppacer.api.spi.AttemptDeferral> deferrals() {
        return deferrals;
    }

    /** @param handler told (on the deferral timer's thread) of each deferred attempt that came due */
    void onDeferralDue(Consumer<ppacer.api.spi.AttemptDeferral> handler) {
        this.onDeferralDue = handler;
    }

    Store store() {
        return store;
    }

    InstantSource clock() {
        return clock;
    }

    TaskQueue queue() {
        return queue;
    }

    CoreCounters counters() {
        return counters;
    }

    /** @return the monitor of the attempt leases (not the leader lease) */
    public DueTimer<AttemptKey, AttemptLease> attemptLeases() {
        return attemptLeases;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * @param runId a run id
     * @return the active run, or null when it is not active in memory
     */
    public RunState run(long runId) {
        return runs.get(runId);
    }

    /** @return the active runs */
    public Collection<RunState> runs() {
        return runs.values();
    }

    /**
     * Pins each active run's DAG bundle version in {@code value} while the run is active in memory (from
     * start, recovery or reopening until it finishes), so that the version stays loaded for it.
     *
     * @param value the catalog
     */
    public void pinWith(ppacer.scheduler.model.DagCatalog value) {
        catalog = java.util.Objects.requireNonNull(value, "catalog");
    }

    void add(RunState rs) {
        rs.bundleHash().ifPresent(catalog::pin);
        RunState replaced = runs.put(rs.runId(), rs);
        if (replaced != null && replaced != rs) {
            replaced.bundleHash().ifPresent(catalog::release);
        }
        tracer.runActive(rs, clock.instant());
        onActive.accept(rs);
    }

    /**
     * Sets what to do when an attempt of a task with a deadline is handed out (a deadline counted from
     * the task's start is tracked from its first); called under the run's lock.
     *
     * @param listener the listener: the run, the task index, the start
     */
    public void onTaskStarted(TaskStartListener listener) {
        onTaskStarted = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Told of each hand-out of a task with a deadline. */
    @FunctionalInterface
    public interface TaskStartListener {
        /**
         * @param rs the run
         * @param i the task index
         * @param at when its attempt was handed out
         */
        void started(RunState rs, int i, Instant at);
    }

    void taskStarted(RunState rs, int i, Instant at) {
        onTaskStarted.started(rs, i, at);
    }

    /**
     * Sets what to do when a run becomes active in memory (started, recovered, restarted, reopened):
     * called under the run's lock, so it must not block for long.
     *
     * @param listener the listener
     */
    public void onActive(Consumer<RunState> listener) {
        onActive = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** @param slot the slot of a run that ended or was not started: frees it, wakes the watcher */
    void runFinished(RunAdmission.Slot slot) {
        runFinished.accept(slot);
    }

    /** Refuses further queue puts (stop or crash). */
    public void close() {
        closed = true;
    }

    /** @return true after {@link #close()} */
    public boolean closed() {
        return closed;
    }

    /**
     * Changes a run: locks it, decides, unlocks, then applies the effects collected (also when the
     * change threw: they belong to writes already committed).
     *
     * @param rs the run
     * @param change what to do under the lock
     * @param <R> what the change answers
     * @return the change's answer
     */
    <R> R withRun(RunState rs, Change<R> change) {
        Effects fx = new Effects();
        ReentrantLock lock = rs.guard.lock;
        lock.lock();
        try {
            return change.decide(clock.instant(), fx);
        } finally {
            lock.unlock();
            apply(fx);
        }
    }

    /**
     * Reads a run under its lock, changing nothing and applying no effects (explaining).
     *
     * @param rs the run
     * @param read what to read
     * @param <R> what it answers
     * @return the answer
     */
    <R> R read(RunState rs, java.util.function.Function<RunState, R> read) {
        ReentrantLock lock = rs.guard.lock;
        lock.lock();
        try {
            return read.apply(rs);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #withRun} for runs being started, not yet visible to anyone else: all are locked (so the
     * change may make them visible), the change decides for all of them, then all are unlocked.
     *
     * @param fresh the new runs
     * @param change what to do under their locks
     */
    void withNewRuns(List<RunState> fresh, Change<Void> change) {
        Effects fx = new Effects();
        int locked = 0;
        try {
            for (RunState rs : fresh) {
                rs.guard.lock.lock();
                locked++;
            }
            change.decide(clock.instant(), fx);
        } finally {
            for (int k = 0; k < locked; k++) {
                fresh.get(k).guard.lock.unlock();
            }
            apply(fx);
        }
    }

    /**
     * Queues a batched operation on its run without waiting (see {@link #await}).
     *
     * @param rs the run
     * @param op the operation
     */
    void enqueue(RunState rs, AttemptBatcher.Op op) {
        rs.guard.pending.add(op);
    }

    /**
     * Queues a batched operation on its run and returns once it was applied (by this thread or
     * another). Caller must not hold the run lock.
     *
     * @param rs the run
     * @param op the operation
     * @param batcher what applies the queued operations
     */
    void submit(RunState rs, AttemptBatcher.Op op, AttemptBatcher batcher) {
        rs.guard.pending.add(op);
        await(rs, op, batcher);
    }

    /**
     * Waits until an operation already queued on {@code rs} was applied, applying the queued ones
     * itself when it gets the lock (flat combining, {@link #withRun} for many operations at once). A
     * waiter parks on its operation rather than queueing on the run lock: the lock holder wakes the
     * callers whose operations it applied, and after unlocking wakes the owner of the next queued
     * operation, which then applies everything queued meanwhile. (A queue of waiters on the lock
     * itself would hand the lock to each caller in turn only for it to see its operation done.)
     *
     * @param rs the run
     * @param op the queued operation
     * @param batcher what applies the queued operations
     */
    void await(RunState rs, AttemptBatcher.Op op, AttemptBatcher batcher) {
        Effects fx = new Effects();
        Guard g = rs.guard;
        while (!op.done) {
            if (g.lock.tryLock()) {
                List<AttemptBatcher.Op> applied = List.of();
                try {
                    if (!op.done) {
                        applied = new ArrayList<>();
                        for (AttemptBatcher.Op o; (o = g.pending.poll()) != null; ) {
                            applied.add(o);
                        }
                        batcher.applyAll(rs, applied, fx);
                    }
                } finally {
                    g.lock.unlock();
                }
                for (AttemptBatcher.Op o : applied) {
                    if (o.owner != op.owner) {
                        LockSupport.unpark(o.owner);
                    }
                }
                AttemptBatcher.Op next = g.pending.peek();
                if (next != null) {
                    LockSupport.unpark(next.owner);
                }
            } else {
                // woken by the lock holder; the timeout covers holders that do not apply queued operations
                // (failures, heartbeats, operator actions), which do not wake anyone
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        apply(fx);
        if (op.failure != null) {
            throw op.failure;
        }
    }

    /**
     * @param rs a run
     * @return how many batched operations wait on it (for tests)
     */
    int pendingCount(RunState rs) {
        return rs.guard.pending.size();
    }

    /**
     * Settles a run whose follow-up writes failed earlier ({@link RunState#unsettled()}), before it is
     * changed again. Caller holds the run lock.
     *
     * @param rs the run
     * @param now the time
     * @param fx effects
     * @throws RuntimeException when the store still fails (the run stays unsettled)
     */
    void settleIfUnsettled(RunState rs, Instant now, Effects fx) {
        if (rs.unsettled() && !rs.finished()) {
            settle(rs, now, fx);
            rs.unsettled(false);
            LOG.log(Level.INFO, "Run " + rs.runId() + " of DAG '" + rs.dag().id() + "' settled after a failed write");
        }
    }

    /**
     * Brings a run forward after a change: every pending task is decided by its trigger rule
     * (scheduled, SKIPPED or UPSTREAM_FAILED, see {@link RunState#decideAll}), and a complete run is
     * finished. O(tasks + edges); used by start, recovery and operator actions. Caller holds the run
     * lock.
     *
     * @param rs the run
     * @param now the time
     * @param fx effects to apply after unlocking
     */
    void settle(RunState rs, Instant now, Effects fx) {
        RuleDecisions d = new RuleDecisions();
        rs.decideAll(d);
        commit(rs, d, now, fx);
        finishIfComplete(rs, now, fx);
    }

    /**
     * Writes what the trigger rules decided in one insert: SCHEDULED attempts for the tasks to run
     * (queued as an effect), SKIPPED / UPSTREAM_FAILED attempts with their reasons for the others.
     * When the insert fails the decisions are undone in memory (the tasks are pending again, decided
     * anew by the next {@link #settle}) and the failure is thrown. Caller holds the run lock.
     *
     * @param rs the run
     * @param d the decisions
     * @param now the insert time
     * @param fx effects
     */
    void commit(RunState rs, RuleDecisions d, Instant now, Effects fx) {
        commit(rs, d, now, fx, PendingAudit.none());
    }

    /**
     * As {@link #commit(RunState, RuleDecisions, Instant, Effects)}, the insert carrying the audit row
     * of the operator action when it is still pending.
     *
     * @param rs the run
     * @param d the decisions
     * @param now the insert time
     * @param fx effects
     * @param audit the operator action's pending row
     */
    void commit(RunState rs, RuleDecisions d, Instant now, Effects fx, PendingAudit audit) {
        if (d.isEmpty()) {
            return;
        }
        List<NewAttempt> rows = new ArrayList<>(d.run.size() + d.notRun.size());
        rows.addAll(newAttempts(rs, d.run, TaskStatus.SCHEDULED, now));
        for (int k = 0; k < d.notRun.size(); k++) {
            int i = d.notRun.get(k);
            rows.add(new NewAttempt(new AttemptKey(rs.runId(), rs.task(i).id(), rs.attempt(i) + 1), rs.status(i), now,
                    Optional.of(d.reasons.get(k))));
        }
        Instant writing = tracer.writeStart();
        try {
            store.attempts().insert(rows, audit.next());
            audit.written(true);
        } catch (RuntimeException e) {
            rs.undo(d);
            throw e;
        }
        tracer.storeWrite("attempts.insert", writing);
        if (!d.run.isEmpty()) {
            counters.attempts(TaskStatus.SCHEDULED, d.run.size());
            queued(rs, d.run, now, Instant.MIN, fx);
        }
        for (int i : d.notRun) {
            TaskStatus s = rs.status(i);
            counters.attempts(s, 1);
            rs.set(i, rs.attempt(i) + 1, s);
        }
    }

    /**
     * Inserts a new SCHEDULED attempt for each task and queues it. Caller holds the run lock.
     *
     * @param rs the run
     * @param tasks the tasks
     * @param now the insert time
     * @param dueAt when the attempts may be handed out
     * @param fx effects
     */
    void schedule(RunState rs, List<DagTask> tasks, Instant now, Instant dueAt, Effects fx) {
        if (tasks.isEmpty()) {
            return;
        }
        store.attempts().insert(newAttempts(rs, tasks, TaskStatus.SCHEDULED, now));
        counters.attempts(TaskStatus.SCHEDULED, tasks.size());
        queued(rs, tasks, now, dueAt, fx);
    }

    /**
     * The rows of the next attempt of each task. Caller holds the run lock.
     *
     * @param rs the run
     * @param tasks the tasks
     * @param status the status of the new rows
     * @param now the insert time
     * @return the rows
     */
    List<NewAttempt> newAttempts(RunState rs, List<DagTask> tasks, TaskStatus status, Instant now) {
        List<NewAttempt> rows = new ArrayList<>(tasks.size());
        for (DagTask t : tasks) {
            rows.add(new NewAttempt(new AttemptKey(rs.runId(), t.id(), rs.attempt(t.order()) + 1), status, now));
        }
        return rows;
    }

    /**
     * Records in memory that the next attempt of each task was inserted SCHEDULED and queues it (as
     * an effect). Caller holds the run lock.
     *
     * @param rs the run
     * @param tasks the tasks whose new attempts were inserted
     * @param now the insert time
     * @param dueAt when the attempts may be handed out
     * @param fx effects
     */
    void queued(RunState rs, List<DagTask> tasks, Instant now, Instant dueAt, Effects fx) {
        for (DagTask t : tasks) {
            int a = rs.attempt(t.order()) + 1;
            rs.set(t.order(), a, TaskStatus.SCHEDULED);
            fx.toQueue.add(QueuedTask.of(rs.dag().id(), rs.runId(), t, a, rs.logicalTime(),
                    dueAt.isBefore(now) ? now : dueAt, rs.backfill()));
        }
    }

    /**
     * Records a failure of the RUNNING attempt of task {@code i}: a retry (FAILED_PENDING_RETRY and
     * a new attempt due after the delay) or a final FAILED, whose pending children are then decided
     * by their rules. Caller holds the run lock.
     *
     * @param rs the run
     * @param i the task index
     * @param error the error text
     * @param cause what the failure is counted as
     * @param now the failure time
     * @param fx effects
     * @return false when the store refused the change
     */
    boolean fail(RunState rs, int i, String error, FailureCause cause, Instant now, Effects fx) {
        DagTask task = rs.task(i);
        TaskConfig cfg = task.config();
        int attempt = rs.attempt(i);
        AttemptKey key = new AttemptKey(rs.runId(), task.id(), attempt);
        Optional<Instant> due = cause == FailureCause.DEFERRAL_TIMED_OUT ? Optional.empty()
                : retryPolicy.nextAttemptDue(cfg, rs.retriesUsed(i), now);
        TaskStatus to = due.isPresent() ? TaskStatus.FAILED_PENDING_RETRY : TaskStatus.FAILED;
        if (!store.attempts().transition(AttemptTransition.of(key, TaskStatus.RUNNING, to, now).withError(error))) {
            return false;
        }
        switch (cause) {
            case REPORTED, DEFERRAL_TIMED_OUT -> counters.failed(to);
            case LEASE_EXPIRED -> counters.expired(to);
        }
        endAttemptLease(rs, i, key, to, error, now);
        if (due.isPresent()) {
            rs.retriesUsed(i, rs.retriesUsed(i) + 1);
            rs.set(i, null);
            schedule(rs, List.of(task), now, due.get(), fx);
            if (cfg.alertOnRetry()) {
                alert(fx, Alert.Kind.RETRY, rs, task, attempt, error);
            }
        } else {
            rs.set(i, TaskStatus.FAILED);
            if (cfg.alertOnFailure()) {
                alert(fx, Alert.Kind.FAILURE, rs, task, attempt, error);
            }
            decided(rs, i, now, fx);
        }
        return true;
    }

    /**
     * After task {@code i} reached an outcome (in memory and in the store): decides its pending
     * children by their rules, writes that, and finishes the run when it is complete. Caller holds
     * the run lock.
     *
     * @param rs the run
     * @param i the task
     * @param now the time
     * @param fx effects
     */
    void decided(RunState rs, int i, Instant now, Effects fx) {
        RuleDecisions d = new RuleDecisions();
        rs.decideBelow(i, d);
        commit(rs, d, now, fx);
        finishIfComplete(rs, now, fx);
    }

    /**
     * Ends the lease of a running attempt: no more expiry, and its running slot is freed.
     *
     * @param rs the run
     * @param i the attempt's task index
     * @param key the attempt
     * @param to the attempt's status after it ran
     * @param error the error of a failure, or null
     * @param now when it ended
     */
    void endAttemptLease(RunState rs, int i, AttemptKey key, TaskStatus to, String error, Instant now) {
        tracer.attemptEnded(key, to, error, now);
        attemptLeases.cancel(key);
        queue.release(rs.dag().id(), rs.task(i).config().pool().orElse(null), key);
    }

    private void alert(Effects fx, Alert.Kind kind, RunState rs, DagTask task, int attempt, String error) {
        String dagId = rs.dag().id();
        long runId = rs.runId();
        Instant lt = rs.logicalTime();
        fx.alerts.add(() -> alerts.dispatch(kind, dagId, runId, lt, task.id(), attempt, Optional.of(error),
                task.config().notifier()));
    }

    /**
     * Writes the final status once every task is terminal. Caller holds the run lock.
     *
     * @param rs the run
     * @param now the time
     * @param fx effects
     */
    void finishIfComplete(RunState rs, Instant now, Effects fx) {
        if (rs.finished() || !rs.complete()) {
            return;
        }
        DagRunStatus to = rs.anyFailed() ? DagRunStatus.FAILED : DagRunStatus.SUCCESS;
        // the events of producing tasks that succeeded, again: recorded at their success already, unless
        // the scheduler stopped or the store failed in between (idempotent by attempt: no duplicate)
        if (!rs.dag().producers().isEmpty()) {
            for (int i = 0; i < rs.size(); i++) {
                if (rs.status(i) == TaskStatus.SUCCESS) {
                    produced(rs, i, rs.attempt(i), now);
                }
            }
        }
        if (store.dagRuns().transition(rs.runId(), DagRunStatus.RUNNING, to, now)) {
            counters.runFinished(to);
        } else {
            LOG.log(Level.WARNING, "Run " + rs.runId() + " of DAG '" + rs.dag().id() + "' was not RUNNING when it finished "
                    + to + "; status left as stored");
        }
        tracer.runFinished(rs.runId(), to, now); // its span ends with the run in memory, whatever the store said
        rs.finished(true);
        if (runs.remove(rs.runId(), rs)) { // not a state an operator already loaded again (restart, clear)
            rs.bundleHash().ifPresent(catalog::release);
        }
        fx.finishedDags.add(rs.slot());
    }

    /**
     * Applies effects after the run lock was released: dispatches alerts, queues attempts (waiting
     * while the queue is full), frees run slots.
     *
     * @param fx the effects
     */
    private void apply(Effects fx) {
        fx.alerts.forEach(Runnable::run); // first, never blocks: alerts keep the order of the failures
        for (QueuedTask t : fx.toQueue) {
            try {
                while (!queue.put(t, Duration.ofSeconds(1))) {
                    if (closed) {
                        LOG.log(Level.WARNING, "Stopping with a full task queue; " + t.key()
                                + " stays SCHEDULED in the store and is re-queued on the next start");
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.log(Level.WARNING, "Interrupted while queueing " + t.key() + "; it is re-queued on the next start");
                break;
            }
        }
        fx.finishedDags.forEach(runFinished);
    }
}
