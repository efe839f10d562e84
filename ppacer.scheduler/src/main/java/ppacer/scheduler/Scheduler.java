package ppacer.scheduler;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import ppacer.api.Dag;
import ppacer.api.Deadline;
import ppacer.api.DagRegistry;
import ppacer.api.Notifier;
import ppacer.api.TaskStatus;
import ppacer.api.spi.NewAssetEvent;
import ppacer.api.spi.RecordedAssetEvent;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.BackfillRecord;
import ppacer.api.spi.DagRecord;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.MissedDeadline;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.core.AssetCatalog;
import ppacer.scheduler.core.AttemptLifecycle;
import ppacer.scheduler.core.AttemptTimings;
import ppacer.scheduler.core.Backfills;
import ppacer.scheduler.core.Cleaner;
import ppacer.scheduler.core.CoreCounters;
import ppacer.scheduler.core.DagDefinitions;
import ppacer.scheduler.core.DagRunWatcher;
import ppacer.scheduler.core.DeadlineDue;
import ppacer.scheduler.core.DueTimer;
import ppacer.scheduler.core.ExecutorContact;
import ppacer.scheduler.core.Explainer;
import ppacer.scheduler.core.InProcessHolder;
import ppacer.scheduler.core.LoggingNotifier;
import ppacer.scheduler.core.RunTracer;
import ppacer.scheduler.core.NotificationDispatcher;
import ppacer.scheduler.core.OperatorActions;
import ppacer.scheduler.core.Pools;
import ppacer.scheduler.core.QueuedTask;
import ppacer.scheduler.core.Recovery;
import ppacer.scheduler.core.RetentionTimer;
import ppacer.scheduler.core.RetryPolicy;
import ppacer.scheduler.core.RunAdmission;
import ppacer.scheduler.core.RunCoordinator;
import ppacer.scheduler.core.RunLoop;
import ppacer.scheduler.core.RunParams;
import ppacer.scheduler.core.RunState;
import ppacer.scheduler.core.TaskQueue;
import ppacer.scheduler.model.Actor;
import ppacer.scheduler.model.BackfillPlan;
import ppacer.scheduler.model.BackfillProgress;
import ppacer.scheduler.model.BackfillRequest;
import ppacer.scheduler.model.BackfillThrottle;
import ppacer.scheduler.model.CleanReport;
import ppacer.scheduler.model.DagCatalog;
import ppacer.scheduler.model.ExecutorPresence;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.NotLeaderException;
import ppacer.scheduler.model.AssetSummary;
import ppacer.scheduler.model.PoolUsage;
import ppacer.scheduler.model.ReportAndNext;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.RetentionStats;
import ppacer.scheduler.model.RunWhy;
import ppacer.api.protocol.RestartPlan;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.TriggerRequest;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.scheduler.model.Why;
import ppacer.scheduler.model.WorkCounts;

/**
 * The ppacer scheduler, embeddable and free of HTTP: creates DAG runs on their schedules, hands task
 * attempts to executors ({@link #nextTask}) under leases, takes their reports, retries failures and
 * persists every state change in the store.
 *
 * <pre>{@code
 * try (Scheduler s = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(dag)).build());
 *      InProcessWorker w = InProcessWorker.start(s, WorkerConfig.defaults())) {
 *     long runId = s.trigger("my_dag", "{\"day\":\"2024-01-01\"}");
 *     ...
 * }
 * }</pre>
 *
 * <p>The worker ({@code ppacer.server.InProcessWorker}) and the HTTP API ({@code ppacer.server.SchedulerServer})
 * are in the {@code ppacer.server} module; this module needs only {@code ppacer.api}.
 *
 * <p>Threads: one virtual thread for the DAG-run watcher and one for the lease monitor, both
 * sleeping until their next deadline; one for alerts. Executors call in on their own threads.
 */
public final class Scheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

    private final SchedulerConfig config;
    private final DagCatalog catalog;
    private final InstantSource clock;
    private final AtomicReference<SchedulerState> state = new AtomicReference<>(SchedulerState.STARTED);
    private static final Duration EXCLUSIVE_LEASE = Duration.ofDays(36_500);
    private final ReentrantLock coreLock = new ReentrantLock();
    private Store store;
    private boolean ownsStore;
    private Leadership leadership;
    /**
     * The core of the current leadership term, built from the store when leadership is gained and
     * set in one write (under coreLock), null when this scheduler does not lead. Readers read it
     * once into a local and use that snapshot, never parts of two terms.
     */
    private volatile Term term;
    /** Terms started so far (under coreLock). */
    private int generations;
    private final List<Thread> threads = new ArrayList<>();
    /** This process's identity on the attempts of its in-process executors. */
    private final InProcessHolder holder;
    /** What the core has done, over every leadership term (see {@link #stats()}). */
    private final CoreCounters counters = new CoreCounters();
    private final AttemptTimings timings;
    /** When an executor was last in touch: polled, reported, heartbeated or sent logs (see {@link #waitReasons}). */
    private final ExecutorContact contact;
    /** Retention: the purgers in batches, on the leader's timer and on demand (counters over every term). */
    private final Cleaner cleaner;

    /**
     * The in-memory core of one leadership term.
     *
     * @param generation which term of this scheduler (1, 2, ...)
     * @param writes the store fenced by the term's leader epoch: every write of the term goes through it
     * @param queue the task queue
     * @param admission the run slots
     * @param runs the run state machine and the active runs
     * @param attempts hand-outs, reports, heartbeats and expiry of attempts
     * @param watcher the DAG-run watcher
     * @param actions the operator actions
     * @param alerts the notification dispatcher
     * @param backfills the backfills being run
     * @param deadlines the deadlines of the active runs and tasks
     */
    private record Term(int generation, Store writes, TaskQueue queue, RunAdmission admission, RunCoordinator runs,
                        AttemptLifecycle attempts, DagRunWatcher watcher, OperatorActions actions,
                        NotificationDispatcher alerts, Backfills backfills, DueTimer<String, DeadlineDue> deadlines) {
    }

    private Scheduler(SchedulerConfig config) {
        this.config = config;
        this.catalog = config.catalog();
        this.clock = config.clock();
        this.holder = InProcessHolder.fresh(config.ha().nodeId());
        this.timings = new AttemptTimings(clock);
        this.contact = new ExecutorContact(clock);
        RetentionConfig retention = config.retention();
        this.cleaner = new Cleaner(retention.purgers(), retention.keepLastPerDag(), retention.batchSize(), retention.pause(),
                clock);
    }

    /**
     * The executor id an in-process executor of this scheduler takes attempts with, naming this
     * node and process instance, so that a restart recognises the attempts its previous process
     * left RUNNING and runs them again at once, without waiting for their leases.
     *
     * @param workerId the worker's configured id
     * @return {@code <workerId>@<nodeId>#<instance>}
     */
    public String inProcessExecutorId(String workerId) {
        return holder.executorId(workerId);
    }

    /**
     * Creates and starts a scheduler: opens the store, syncs the DAGs, recovers unfinished runs and
     * starts its threads. State on return: RUNNING.
     *
     * @param config the settings
     * @return the running scheduler
     */
    public static Scheduler start(SchedulerConfig config) {
        Scheduler s = new Scheduler(config);
        try {
            s.startUp();
        } catch (RuntimeException e) {
            s.abort();
            throw e;
        }
        return s;
    }

    private void startUp() {
        state.set(SchedulerState.SYNCHRONIZING);
        catalog.onChange(this::dagsChanged);
        if (config.store().isPresent()) {
            store = config.store().get();
        } else {
            store = Stores.open(new StoreConfig(config.storeUrl(), config.storeOptions(), clock));
            ownsStore = true;
        }
        HaConfig ha = config.ha();
        leadership = new Leadership(store.leadership(), ha, this::lead, this::stepDown);
        if (!store.leadership().shared()) {
            // one scheduler per store (SQLite): take the process-local lease for good, or fail clearly
            if (!leadership.tryLead(EXCLUSIVE_LEASE)) {
                throw new InvalidStateException("Scheduler " + ha.nodeId() + " cannot use " + store.describe()
                        + ": scheduler " + leadership.seen().map(l -> l.leaderId()).orElse("?") + " in this process"
                        + " holds it; stop that one first");
            }
            return;
        }
        if (!leadership.tryLead(ha.leaseTtl())) {
            state.compareAndSet(SchedulerState.SYNCHRONIZING, SchedulerState.STANDBY);
            LOG.log(Level.INFO, "Scheduler " + ha.nodeId() + " is STANDBY on " + store.describe() + ": "
                    + leadership.seen().map(l -> l.leaderId() + " leads at epoch " + l.epoch()).orElse("another leads"));
        }
        leadership.start();
    }

    /** Becomes leader under {@code lease}: rebuilds the queue and run state from the store. */
    private boolean lead(ppacer.api.spi.LeaderLeaseState lease) {
        coreLock.lock();
        try {
            SchedulerState s = state.get();
            if (s == SchedulerState.STOPPING || s == SchedulerState.STOPPED) {
                return false;
            }
            state.set(SchedulerState.SYNCHRONIZING);
            try {
                startCore(store.fenced(lease.epoch()));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Scheduler " + config.ha().nodeId() + " could not take over at epoch "
                        + lease.epoch() + "; standing by", e);
                stopCore();
                state.compareAndSet(SchedulerState.SYNCHRONIZING, SchedulerState.STANDBY);
                return false;
            }
            if (!state.compareAndSet(SchedulerState.SYNCHRONIZING, SchedulerState.RUNNING)) {
                stopCore();
                return false;
            }
            return true;
        } finally {
            coreLock.unlock();
        }
    }

    /** Loses leadership: stops handing out and writing at once, drops the in-memory state. */
    private void stepDown(String reason) {
        coreLock.lock();
        try {
            SchedulerState s = state.get();
            if (s != SchedulerState.RUNNING && s != SchedulerState.SYNCHRONIZING) {
                return;
            }
            state.set(SchedulerState.STANDBY);
            stopCore();
            LOG.log(Level.WARNING, "Scheduler " + config.ha().nodeId() + " stepped down to STANDBY: " + reason);
        } finally {
            coreLock.unlock();
        }
    }

    private void startCore(Store fenced) {
        int gen = ++generations;
        Instant now = clock.instant();
        DagRegistry registry = catalog.current();
        fenced.dags().sync(registry.dags().stream().map(DagDefinitions::of).toList(), now);
        Map<String, Boolean> paused = fenced.dags().list().stream()
                .collect(Collectors.toMap(DagRecord::dagId, DagRecord::paused));
        RunAdmission admission = new RunAdmission();
        for (Dag d : registry.dags()) {
            admission.register(d.id(), d.maxActiveRuns(), paused.getOrDefault(d.id(), false));
        }
        TaskQueue queue = new TaskQueue(config.queueCapacity(), config.maxRunningTasks(),
                dagId -> catalog.current().find(dagId).map(Dag::maxActiveTasks).orElse(1), clock);
        List<PoolRecord> pools = Pools.seed(fenced, config.pools(), now);
        pools.forEach(p -> queue.setPool(p.name(), p.slots()));
        Pools.warnUndefined(registry, pools);
        NotificationDispatcher alerts = new NotificationDispatcher(notifiers(), config.zone(), config.notificationQueue(),
                counters);
        // the components of this term call each other, never the ones of another term
        AtomicReference<AttemptLifecycle> attemptsRef = new AtomicReference<>();
        AtomicReference<DagRunWatcher> watcherRef = new AtomicReference<>();
        RunCoordinator runs = new RunCoordinator(fenced, clock, queue, new RetryPolicy(config.random()), alerts,
                slot -> {
                    admission.release(slot);
                    watcherRef.get().wake();
                },
                lease -> attemptsRef.get().expire(lease), counters);
        runs.traceWith(new RunTracer(config.tracing(), clock));
        runs.pinWith(catalog);
        AttemptLifecycle attempts = new AttemptLifecycle(runs, config.leaseDuration(), config.maxOutputBytes(), config.maxMapItems());
        attemptsRef.set(attempts);
        OperatorActions actions = new OperatorActions(runs, catalog, admission);
        Backfills backfills = new Backfills(fenced, catalog, admission, actions, clock, () -> watcherRef.get().wake());
        DagRunWatcher watcher = new DagRunWatcher(fenced, catalog, clock, admission, runs, backfills,
                config.dropAssetEventsWhilePaused());
        watcherRef.set(watcher);
        runs.onAssetEvent(watcher::wake);
        AtomicReference<Term> termRef = new AtomicReference<>();
        DueTimer<String, DeadlineDue> deadlines = DeadlineDue.timer(clock, due -> deadlineDue(termRef.get(), due));
        runs.onActive(rs -> trackDeadlines(deadlines, rs));
        runs.onTaskStarted((rs, i, at) -> rs.task(i).config().deadline().filter(d -> d.anchor() == Deadline.Anchor.START)
                .ifPresent(d -> deadlines.scheduleIfAbsent(new DeadlineDue(rs.runId(), rs.task(i).id(), d.dueAt(rs.logicalTime(), at)))));
        admission.onQueued(w -> catalog.current().find(w.dagId()).ifPresent(dag -> trackQueuedDeadlines(deadlines, dag, w)));
        Term t = new Term(gen, fenced, queue, admission, runs, attempts, watcher, actions, alerts, backfills, deadlines);
        termRef.set(t);
        term = t; // before recovery: stopCore closes what recovery started if it fails
        boolean exclusive = !store.leadership().shared();
        int recovered = new Recovery(runs, catalog, admission, config.leaseGrace(),
                executorId -> holder.deadPredecessor(executorId, exclusive)).recover();
        watcher.init(clock.instant());
        threads.add(Thread.ofVirtual().name("ppacer-dagrun-watcher")
                .start(new RunLoop("DAG-run watcher", watcher::step, () -> stopping() || term != t)));
        threads.add(Thread.ofVirtual().name("ppacer-lease-monitor")
                .start(new RunLoop("lease monitor", runs.attemptLeases()::step, () -> stopped() || term != t)));
        threads.add(Thread.ofVirtual().name("ppacer-deferral-timer")
                .start(new RunLoop("deferral timer", runs.deferrals()::step, () -> stopping() || term != t)));
        threads.add(Thread.ofVirtual().name("ppacer-deadline-monitor")
                .start(new RunLoop("deadline monitor", deadlines::step, () -> stopping() || term != t)));
        if (config.retention().enabled()) {
            RetentionTimer retention = new RetentionTimer(cleaner, fenced, clock, config.retention().interval());
            threads.add(Thread.ofVirtual().name("ppacer-retention")
                    .start(new RunLoop("retention", retention::step, () -> stopping() || term != t)));
        }
        LOG.log(Level.INFO, "Scheduler running with " + registry.size() + " DAGs on " + store.describe() + "; recovered "
                + recovered + " unfinished runs (leadership term " + gen + ")");
    }

    /**
     * Tracks the deadlines of a run that became active: its DAG's (a START deadline counts from the
     * run's stored start, so that a recovered run keeps its due time) and its tasks' (a START deadline
     * counts from the task's start: tracked here for a task running now, else when it is handed out).
     */
    private void trackDeadlines(DueTimer<String, DeadlineDue> monitor, RunState rs) {
        Dag dag = rs.dag();
        dag.deadline().ifPresent(d -> monitor.scheduleIfAbsent(new DeadlineDue(rs.runId(), "", d.dueAt(rs.logicalTime(),
                d.anchor() == Deadline.Anchor.START ? store.dagRuns().find(rs.runId()).flatMap(DagRunRecord::startedAt)
                        .orElse(clock.instant()) : rs.logicalTime()))));
        for (ppacer.api.DagTask x : dag.tasks()) {
            Optional<Deadline> d = x.config().deadline();
            if (d.isEmpty()) {
                continue;
            }
            if (d.get().anchor() == Deadline.Anchor.LOGICAL_TIME) {
                monitor.scheduleIfAbsent(new DeadlineDue(rs.runId(), x.id(), d.get().dueAt(rs.logicalTime(), rs.logicalTime())));
            } else if (rs.startedAt(x.order()) != null && rs.status(x.order()) == ppacer.api.TaskStatus.RUNNING) {
                monitor.scheduleIfAbsent(new DeadlineDue(rs.runId(), x.id(), d.get().dueAt(rs.logicalTime(),
                        rs.startedAt(x.order()))));
            }
        }
    }

    /**
     * Tracks the deadlines counted from the logical time of a run that waits QUEUED (its start, and so
     * a START deadline, is not known yet: those are tracked when it starts).
     */
    private static void trackQueuedDeadlines(DueTimer<String, DeadlineDue> monitor, Dag dag, RunAdmission.Waiting w) {
        dag.deadline().filter(d -> d.anchor() == Deadline.Anchor.LOGICAL_TIME).ifPresent(d -> monitor.scheduleIfAbsent(
                new DeadlineDue(w.runId(), "", d.dueAt(w.logicalTime(), w.logicalTime()))));
        for (ppacer.api.DagTask x : dag.tasks()) {
            x.config().deadline().filter(d -> d.anchor() == Deadline.Anchor.LOGICAL_TIME).ifPresent(d -> monitor.scheduleIfAbsent(
                    new DeadlineDue(w.runId(), x.id(), d.dueAt(w.logicalTime(), w.logicalTime()))));
        }
    }

    /**
     * A deadline came due: when the run (or task) had not finished by then, claims the alert in the
     * store (once across restarts and failovers: a compare-and-set insert through this term's fenced
     * store) and sends it with the explainer's answer of this moment. A failure tries again in 5 s.
     */
    private void deadlineDue(Term t, DeadlineDue due) {
        if (t == null || term != t) {
            return;
        }
        try {
            DagRunRecord run = store.dagRuns().find(due.runId()).orElse(null);
            Dag dag = run == null ? null : catalog.dag(run.dagId(), run.bundleHash()).orElse(null);
            if (dag == null) {
                return;
            }
            List<TaskAttemptRecord> latest = store.attempts().latest(run.runId());
            boolean forRun = due.taskId().isEmpty();
            TaskAttemptRecord attempt = forRun ? null : latest.stream().filter(a -> a.key().taskId().equals(due.taskId()))
                    .findFirst().orElse(null);
            Optional<Instant> finishedAt = forRun ? run.status().isTerminal() ? run.finishedAt().or(() -> Optional.of(run.updatedAt()))
                    : Optional.empty()
                    : attempt != null && attempt.status().isTerminal() ? attempt.finishedAt().or(() -> Optional.of(attempt.updatedAt()))
                    : Optional.empty();
            if (finishedAt.isPresent() && !finishedAt.get().isAfter(due.dueAt())) {
                return; // met
            }
            Instant now = clock.instant();
            boolean paused = isPaused(dag.id());
            String why;
            if (forRun) {
                RunWhy w = explainer().run(dag, run, latest, paused);
                List<String> lines = new ArrayList<>();
                w.run().forEach(x -> lines.add(x.kind() + ": " + x.message()));
                w.tasks().entrySet().stream().limit(20).forEach(e -> lines.add(e.getKey() + ": " + e.getValue().kind() + ": "
                        + e.getValue().message()));
                if (w.tasks().size() > 20) {
                    lines.add("... and " + (w.tasks().size() - 20) + " more unfinished tasks (ppacer why " + run.runId() + ")");
                }
                why = String.join("\n", lines);
            } else {
                Why w = explainer().task(dag, run, dag.task(due.taskId()).orElseThrow(), latest, paused);
                why = w.kind() + ": " + w.message();
            }
            if (!t.writes().deadlines().claim(new MissedDeadline(run.runId(), forRun ? Optional.empty()
                    : Optional.of(due.taskId()), due.dueAt(), now))) {
                return; // claimed before: by this node before a restart, or by another leader
            }
            Deadline d = forRun ? dag.deadline().orElseThrow() : dag.task(due.taskId()).orElseThrow().config().deadline().orElseThrow();
            Optional<Notifier> override = forRun ? Optional.empty() : dag.task(due.taskId()).orElseThrow().config().notifier();
            t.alerts().dispatchDeadline(dag.id(), run.runId(), run.logicalTime(), due.taskId(),
                    attempt == null ? -1 : attempt.key().attempt(), d.toString(), due.dueAt(), why, override);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not check the deadline of run " + due.runId()
                    + (due.taskId().isEmpty() ? "" : " task '" + due.taskId() + "'") + "; trying again in 5 s", e);
            t.deadlines().scheduleIfAbsent(new DeadlineDue(due.runId(), due.taskId(), clock.instant().plusSeconds(5)));
        }
    }

    /**
     * The deadlines a run and its tasks missed (each alerted once), for the API and the UI.
     *
     * @param runId the run
     * @return its missed deadlines, the run's own first
     */
    public List<MissedDeadline> missedDeadlines(long runId) {
        return store.deadlines().missed(runId);
    }

    /** Ends the core's threads and closes its coordinator, and drops the term (idempotent). */
    private void stopCore() {
        Term t = term;
        term = null;
        if (t != null) {
            t.runs().close();
        }
        for (Thread th : threads) {
            th.interrupt();
        }
        for (Thread th : threads) {
            try {
                th.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        if (t != null) {
            t.queue().wake();
            t.alerts().close();
        }
    }

    private List<Notifier> notifiers() {
        if (config.notifiers().isPresent()) {
            return config.notifiers().get().isEmpty() ? List.of(new LoggingNotifier()) : config.notifiers().get();
        }
        List<Notifier> found = new ArrayList<>();
        ServiceLoader.load(Notifier.class).forEach(found::add);
        return found.isEmpty() ? List.of(new LoggingNotifier()) : found;
    }

    private boolean stopping() {
        return state.get().compareTo(SchedulerState.STOPPING) >= 0;
    }

    private boolean stopped() {
        return state.get() == SchedulerState.STOPPED;
    }

    /** @return the life-cycle state */
    public SchedulerState state() {
        return state.get();
    }

    /** @return the store in use (task logs are written to it) */
    public Store store() {
        return store;
    }

    /** @return the DAGs new runs use now (they change when a DAG bundle is deployed or undeployed) */
    public DagRegistry registry() {
        return catalog.current();
    }

    /** @return the DAGs, and the DAG versions runs started with */
    public DagCatalog catalog() {
        return catalog;
    }

    /**
     * Takes the catalog's DAGs after a change (a bundle deployed, undeployed, its folder changed), when leading:
     * syncs the DAG definitions into the store (new ones inserted, changed ones versioned, missing ones inactive),
     * registers new DAGs for admission (and takes the new run and task limits of changed ones), and has the watcher plan new schedules at once; removed DAGs get no new
     * runs. Runs already started keep their DAG version.
     */
    private void dagsChanged() {
        coreLock.lock();
        try {
            Term t = term;
            if (t == null || state.get() != SchedulerState.RUNNING) {
                return; // a term that starts later syncs what is current then
            }
            Instant now = clock.instant();
            DagRegistry registry = catalog.current();
            t.writes().dags().sync(registry.dags().stream().map(DagDefinitions::of).toList(), now);
            Map<String, Boolean> paused = t.writes().dags().list().stream()
                    .collect(Collectors.toMap(DagRecord::dagId, DagRecord::paused));
            for (Dag d : registry.dags()) {
                t.admission().register(d.id(), d.maxActiveRuns(), paused.getOrDefault(d.id(), false));
            }
            t.queue().refreshLimits();
            t.watcher().refresh(now);
            LOG.log(Level.INFO, "DAGs changed: " + registry.size() + " DAGs now");
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Could not take the changed DAGs; they are taken at the next change or start", e);
        } finally {
            coreLock.unlock();
        }
    }

    /** @return the clock */
    public InstantSource clock() {
        return clock;
    }

    /** @return the settings */
    public SchedulerConfig config() {
        return config;
    }

    /**
     * Takes the next task attempt for an executor, waiting up to {@code timeout} (long poll). The
     * attempt moves SCHEDULED → RUNNING and carries a lease; report or heartbeat it before
     * {@link TaskLease#leaseDeadline()}.
     *
     * @param executorId who takes it (stored on the attempt)
     * @param timeout the longest wait
     * @return the lease, or empty after the timeout or when the scheduler is not RUNNING
     */
    public Optional<TaskLease> nextTask(String executorId, Duration timeout) {
        List<TaskLease> l = nextTasks(executorId, 1, timeout);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    /**
     * Takes up to {@code max} attempts: waits up to {@code timeout} for the first, takes the others
     * that are ready at that moment.
     *
     * @param executorId who takes them
     * @param max the most to take
     * @param timeout the longest wait
     * @return the leases, empty after the timeout
     */
    public List<TaskLease> nextTasks(String executorId, int max, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        List<TaskLease> out = new ArrayList<>();
        Term t = term;
        if (t == null) {
            return out;
        }
        contact.pollStarted(executorId);
        try {
            while (state.get() == SchedulerState.RUNNING && term == t) {
                long left = end - System.nanoTime();
                List<QueuedTask> taken = t.queue().takeUpTo(max - out.size(), Duration.ofNanos(Math.max(0, left)));
                out.addAll(t.attempts().handOutAll(taken, executorId));
                if (!out.isEmpty() || left <= 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            contact.pollEnded(executorId);
        }
        timings.handedOut(out);
        return out;
    }

    /**
     * The executors that have been in touch with this scheduler process, the latest contact first:
     * when, whether they poll now, whether they are gone ({@value ExecutorPresence#GONE_AFTER_SECONDS}
     * s without contact) and how many attempts each holds. Only the leader is in touch with executors:
     * a standby lists none.
     *
     * @return the executors
     */
    public List<ExecutorPresence> executors() {
        java.util.Map<String, Integer> running = new java.util.HashMap<>();
        for (TaskAttemptRecord a : store.attempts().unfinished()) {
            if (a.status() == TaskStatus.RUNNING && a.executorId().isPresent()) {
                running.merge(a.executorId().get(), 1, Integer::sum);
            }
        }
        Instant now = clock.instant();
        List<ExecutorPresence> out = new ArrayList<>();
        for (ExecutorContact.Seen e : contact.executors()) {
            out.add(new ExecutorPresence(e.executorId(), e.firstContact(), e.lastContact(), e.polling(), gone(e, now),
                    running.getOrDefault(e.executorId(), 0), e.address(), e.version()));
        }
        return out;
    }

    /**
     * Records where an executor polls from and the ppacer version it runs, for {@link #executors()}.
     *
     * @param executorId the executor
     * @param address the remote address of its poll
     * @param version the version it sent; null when it sent none
     */
    public void executorIdentified(String executorId, String address, String version) {
        contact.identified(executorId, address, version);
    }

    /**
     * Every pool that is defined (configuration or store) or declared by a task, with its size, the
     * slots held, the attempts holding them and the attempts waiting. On the leader from its task queue
     * (waiting: queued and due); on a standby from the store ({@link Pools#fromStore}: holders are the
     * RUNNING attempts, waiting the SCHEDULED ones).
     *
     * @return the pools, by name
     */
    public List<PoolUsage> pools() {
        Term t = term;
        if (leads() && t != null) {
            java.util.TreeMap<String, PoolUsage> out = new java.util.TreeMap<>();
            t.queue().poolUsages().forEach(u -> out.put(u.name(), u));
            for (String declared : Pools.declared(catalog.current())) {
                out.putIfAbsent(declared, new PoolUsage(declared, 0, 0, 0, false, List.of()));
            }
            return List.copyOf(out.values());
        }
        return Pools.fromStore(store, catalog.current());
    }

    /**
     * One pool, for the explainer ({@code POOL_FULL}) and the API.
     *
     * @param name a pool
     * @return its size, holders and waiting attempts; empty when it is neither defined nor declared by a task
     */
    public Optional<PoolUsage> poolUsage(String name) {
        return pools().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /**
     * Whether a task's attempt would wait for its pool now: the task declares a pool and the pool
     * has fewer free slots than the task takes (or the pool is not defined). Says nothing about the
     * task's state: the caller asks it for a queued attempt.
     *
     * @param dagId the DAG
     * @param taskId the task
     * @return the pool's usage when the task waits for it; empty when it declares no pool or would fit
     * @throws UnknownIdException when the DAG or task is unknown
     */
    public Optional<PoolUsage> poolWait(String dagId, String taskId) {
        ppacer.api.DagTask task = dag(dagId).task(taskId).orElseThrow(() -> new UnknownIdException(
                "Unknown task '" + taskId + "' in DAG '" + dagId + "'"));
        Optional<String> pool = task.config().pool();
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        Term t = term;
        Optional<PoolUsage> u = leads() && t != null ? t.queue().poolUsage(pool.get()) : poolUsage(pool.get());
        PoolUsage usage = u.orElse(new PoolUsage(pool.get(), 0, 0, 0, false, List.of()));
        return usage.fits(task.config().poolSlots()) ? Optional.empty() : Optional.of(usage);
    }

    /**
     * Sets the size of a pool that tasks declare or that is defined, at once: growing it lets waiting
     * attempts go, shrinking it below the slots held lets the holders finish and hands out nothing new
     * of it meanwhile.
     * Persisted; it keeps this size over restarts and configuration changes until deleted.
     *
     * @param name the pool
     * @param slots its size, 0 or more
     * @param by who sets it (for {@code updated_by}, e.g. {@code api})
     * @return the pool's usage after the change
     * @throws InvalidInputException when the name is not a valid id or slots is negative
     * @throws UnknownIdException when no task declares the pool and it is neither configured nor stored
     *     (a typo would otherwise define a pool nothing uses)
     */
    public PoolUsage setPool(String name, int slots, String by) {
        return setPool(name, slots, Actor.named(by));
    }

    /**
     * As {@link #setPool(String, int, String)}, recorded in the audit log (action {@code pool.set})
     * when the size changes; {@code updated_by} is the actor's name.
     *
     * @param name the pool
     * @param slots its size, 0 or more
     * @param by who sets it
     * @return the pool's usage after the change
     */
    public PoolUsage setPool(String name, int slots, Actor by) {
        checkPoolName(name);
        if (slots < 0) {
            throw new InvalidInputException("slots must be 0 or more, was " + slots);
        }
        Term t = runningTerm("set pool '" + name + "'");
        if (!config.pools().containsKey(name) && !Pools.declared(catalog.current()).contains(name)
                && t.writes().pools().find(name).isEmpty()) {
            throw new UnknownIdException("Unknown pool '" + name + "': no task declares it and it is not defined; "
                    + "known pools: " + pools().stream().map(PoolUsage::name).toList());
        }
        Instant now = clock.instant();
        Optional<Integer> before = t.queue().poolUsage(name).map(PoolUsage::slots);
        Optional<AuditEntry> audit = before.isPresent() && before.get() == slots ? Optional.empty()
                : Optional.of(by.entry(now, "pool.set", AuditTarget.pool(name), before.map(n -> "slots=" + n),
                Optional.of("slots=" + slots)));
        t.writes().pools().put(new PoolRecord(name, slots, now, by.name()), audit);
        t.queue().setPool(name, slots);
        return t.queue().poolUsage(name).orElseThrow();
    }

    /**
     * Deletes a pool defined at run time. Refused for a pool in the configuration (it would be seeded
     * again at the next start: change it there), one that attempts hold or wait for, and one that
     * tasks declare (their attempts would wait for good).
     *
     * @param name the pool
     * @throws UnknownIdException when no such pool is defined
     * @throws InvalidStateException when it is configured, in use or declared
     */
    public void deletePool(String name) {
        deletePool(name, Actor.JAVA);
    }

    /**
     * As {@link #deletePool(String)}, recorded in the audit log (action {@code pool.delete}).
     *
     * @param name the pool
     * @param by who deletes it
     */
    public void deletePool(String name, Actor by) {
        checkPoolName(name);
        Term t = runningTerm("delete pool '" + name + "'");
        Optional<PoolRecord> stored = t.writes().pools().find(name);
        if (stored.isEmpty()) {
            throw new UnknownIdException("Unknown pool '" + name + "'");
        }
        if (config.pools().containsKey(name)) {
            throw new InvalidStateException("Pool '" + name + "' is in the scheduler configuration (pools:); remove it "
                    + "there, or set its size with ppacer pool set");
        }
        Optional<PoolUsage> u = t.queue().poolUsage(name);
        if (u.isPresent() && (u.get().used() > 0 || u.get().waiting() > 0)) {
            throw new InvalidStateException("Pool '" + name + "' is in use: " + u.get().used() + " slots held by "
                    + u.get().holders() + ", " + u.get().waiting() + " attempts waiting");
        }
        if (Pools.declared(catalog.current()).contains(name)) {
            throw new InvalidStateException("Pool '" + name + "' is declared by tasks of registered DAGs; their "
                    + "attempts would wait for good");
        }
        if (t.writes().pools().delete(name, Optional.of(by.entry(clock.instant(), "pool.delete", AuditTarget.pool(name),
                Optional.of("slots=" + stored.get().slots()), Optional.empty())))) {
            t.queue().removePool(name);
        }
    }

    private static void checkPoolName(String name) {
        if (!ppacer.api.Ids.isValid(name)) {
            throw new InvalidInputException("pool name '" + name + "' is not valid: 1-128 characters from "
                    + "[A-Za-z0-9_.-], not starting with '.' or '-'");
        }
    }

    /**
     * How many executors are {@code polling}, {@code active} or {@code gone} (see {@link #executors()}),
     * from memory alone (no store read: for metrics scrapes).
     *
     * @return the counts by state, every state present
     */
    public java.util.Map<String, Integer> executorCounts() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>(java.util.Map.of("polling", 0, "active", 0, "gone", 0));
        Instant now = clock.instant();
        for (ExecutorContact.Seen e : contact.executors()) {
            out.merge(e.polling() ? "polling" : gone(e, now) ? "gone" : "active", 1, Integer::sum);
        }
        return out;
    }

    private static boolean gone(ExecutorContact.Seen e, Instant now) {
        return !e.polling() && !e.lastContact().plusSeconds(ExecutorPresence.GONE_AFTER_SECONDS).isAfter(now);
    }

    /**
     * Why an unfinished run makes no progress as a whole, from the one explainer ({@link #why(long)}):
     * its DAG is paused or at its max active runs while the run is queued, no executor has polled for
     * 30 s while tasks are ready, or this scheduler is a standby. Empty for a finished run and for one
     * whose tasks progress (their own reasons are in {@link #why(long)}).
     *
     * @param run the run, as just read from the store
     * @param latest the latest attempt of each of its tasks
     * @return the reasons, in a fixed order
     */
    public List<Why> waitReasons(DagRunRecord run, List<TaskAttemptRecord> latest) {
        if (run.status().isTerminal()) {
            return List.of();
        }
        Dag dag = runDag(run);
        return explainer().runLevel(dag, run, latest, isPaused(dag.id()));
    }

    /**
     * Why a run is where it is: the reasons that hold the run back (or how it ended) and the reason of
     * each unfinished task, computed by the code that decides them (see {@link Why} for the shapes).
     *
     * @param runId the run
     * @return the answer
     * @throws UnknownIdException when there is no such run
     */
    public RunWhy why(long runId) {
        DagRunRecord run = knownRun(runId);
        Dag dag = runDag(run);
        return explainer().run(dag, run, store.attempts().latest(runId), isPaused(dag.id()));
    }

    /**
     * Why a run is where it is, summed up for a big run: the reasons that hold the run back, how many
     * unfinished tasks wait for each reason, and the full answers of one page of them, the ones most
     * worth reading first (see {@link Why.Kind#readingRank()}), decided by the same code as {@link
     * #why(long)}.
     *
     * @param runId the run
     * @param reason only tasks of this reason in the page; empty: all
     * @param offset tasks of the reading order passed over (≥ 0)
     * @param limit at most this many tasks in the page (≥ 0)
     * @return the answer
     * @throws UnknownIdException when there is no such run
     */
    public RunWhy why(long runId, Optional<Why.Kind> reason, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be >= 0, not " + offset + " and " + limit);
        }
        DagRunRecord run = knownRun(runId);
        Dag dag = runDag(run);
        return explainer().run(dag, run, ids -> {
            if (ids == null || ids.size() > 200) {
                return store.attempts().latest(runId);
            }
            List<TaskAttemptRecord> latest = new ArrayList<>();
            for (String id : ids) {
                store.attempts().attempts(runId, id).stream().max(java.util.Comparator.comparingInt(a -> a.key().attempt()))
                        .ifPresent(latest::add);
            }
            return latest;
        }, isPaused(dag.id()), reason, offset, limit);
    }

    /**
     * Why one task of a run is where it is (waiting, queued, running, or how it ended).
     *
     * @param runId the run
     * @param taskId the task
     * @return the answer
     * @throws UnknownIdException when there is no such run, or its DAG no such task
     */
    public Why why(long runId, String taskId) {
        DagRunRecord run = knownRun(runId);
        Dag dag = runDag(run);
        ppacer.api.DagTask task = dag.task(taskId).orElseThrow(() -> new UnknownIdException("Unknown task '" + taskId
                + "' in run " + runId + " of DAG '" + dag.id() + "'"));
        // the task's and its parents' latest attempts (what the answer reads), not the whole run's: one
        // task of a 10,000-task run is explained without reading 10,000 attempts
        List<TaskAttemptRecord> latest;
        if (task.parents().size() < 16) {
            latest = new ArrayList<>();
            List<String> ids = new ArrayList<>(task.parents());
            ids.add(task.id());
            for (String id : ids) {
                List<TaskAttemptRecord> attempts = store.attempts().attempts(runId, id);
                if (!attempts.isEmpty()) {
                    latest.add(attempts.stream().max(java.util.Comparator.comparingInt(a -> a.key().attempt())).orElseThrow());
                }
            }
        } else {
            latest = store.attempts().latest(runId);
        }
        return explainer().task(dag, run, task, latest, isPaused(dag.id()));
    }

    /**
     * Why a DAG has (no) run going: paused, its active runs, and when its next run is due.
     *
     * @param dagId the DAG
     * @return the reasons, in a fixed order
     * @throws UnknownIdException when the registry has no such DAG
     */
    public List<Why> whyDag(String dagId) {
        Dag dag = dag(dagId);
        List<DagRunRecord> unfinished = store.dagRuns().unfinished().stream().filter(r -> r.dagId().equals(dagId))
                .sorted(java.util.Comparator.comparingLong(DagRunRecord::runId)).toList();
        List<Long> active = unfinished.stream().map(DagRunRecord::runId).toList();
        List<Long> outsideBackfills = unfinished.stream().filter(r -> r.backfillId().isEmpty()).map(DagRunRecord::runId).toList();
        Term t = term;
        List<BackfillThrottle> throttled = leads() && t != null ? t.backfills().throttled(dagId) : List.of();
        List<Why> out = new java.util.ArrayList<>(explainer().dag(dagId, Optional.of(dag), isPaused(dagId), nextDue(dagId),
                active, outsideBackfills, throttled));
        if (dag.assetCondition().isPresent()) {
            AssetCatalog assets = new AssetCatalog(catalog.current(), store);
            java.util.Set<String> missing = assets.missing(dag);
            int pending = assets.pending(dag).size();
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("dagId", dagId);
            d.put("condition", dag.assetCondition().get().describe());
            d.put("missing", List.copyOf(missing));
            d.put("pending", pending);
            out.add(new Why(Why.Kind.WAITING_FOR_ASSETS, missing.isEmpty()
                    ? dagId + " has asset events for its condition " + dag.assetCondition().get().describe() + " (" + pending
                            + " pending): its run is created when it has no unfinished run"
                    : dagId + " waits for assets " + String.join(", ", missing) + " (condition "
                            + dag.assetCondition().get().describe() + ", " + pending + " event(s) pending)", d));
        }
        return out;
    }

    private DagRunRecord knownRun(long runId) {
        return store.dagRuns().find(runId).orElseThrow(() -> new UnknownIdException("Unknown run " + runId));
    }

    private Dag runDag(DagRunRecord run) {
        return catalog.dag(run.dagId(), run.bundleHash()).orElseThrow(() -> new UnknownIdException("Run " + run.runId()
                + " is of DAG '" + run.dagId() + "'" + run.bundleHash().map(h -> " (bundle version " + h + ")").orElse("")
                + ", which is no longer to be had"));
    }

    private Explainer explainer() {
        Term t = term;
        Explainer.Core core = leads() && t != null
                ? new Explainer.Core(t.queue(), t.admission(), t.runs(), config.leaseDuration(), t.backfills()) : null;
        LeaderStatus l = leaderStatus();
        return new Explainer(core, new Explainer.Standby(l.nodeId(), l.leaderId(), l.leaderUrl()), contact, clock.instant());
    }

    /**
     * Reports the end of an attempt: a compare-and-set RUNNING → SUCCESS, or → FAILED (or
     * FAILED_PENDING_RETRY when retries remain). Refused, changing nothing, when the token is wrong,
     * the attempt is superseded, expired or already reported.
     *
     * @param key the attempt
     * @param token the token from its lease
     * @param outcome success or failure
     * @return the result
     */
    public ReportResult report(AttemptKey key, String token, TaskOutcome outcome) {
        if (stopped()) {
            return ReportResult.refused(ReportResult.Status.STOPPED, "the scheduler is stopped; " + key + " not recorded");
        }
        Term t = term;
        if (t == null || !leads()) {
            return ReportResult.refused(ReportResult.Status.NOT_LEADER, notLeader(key + " not recorded"));
        }
        contact.touched();
        return timings.reported(key, t.attempts().report(key, token, outcome));
    }

    /**
     * Reports the end of an attempt on behalf of an executor: as {@link #report(AttemptKey, String,
     * TaskOutcome)}, and refused ({@link ReportResult.Status#WRONG_EXECUTOR}, 409, nothing changed)
     * when the attempt was handed out to another executor.
     *
     * @param key the attempt
     * @param executorId the reporting executor; empty when the report does not say (then only the token counts)
     * @param token the token from its lease
     * @param outcome success or failure
     * @return the result
     */
    public ReportResult report(AttemptKey key, Optional<String> executorId, String token, TaskOutcome outcome) {
        if (stopped()) {
            return ReportResult.refused(ReportResult.Status.STOPPED, "the scheduler is stopped; " + key + " not recorded");
        }
        Term t = term;
        if (t == null || !leads()) {
            return ReportResult.refused(ReportResult.Status.NOT_LEADER, notLeader(key + " not recorded"));
        }
        executorId.ifPresentOrElse(contact::touched, contact::touched);
        return timings.reported(key, t.attempts().report(key, executorId, token, outcome));
    }

    /**
     * Reports an attempt on behalf of an executor (see {@link #report(AttemptKey, Optional, String,
     * TaskOutcome)}), then takes the next one for that executor.
     *
     * @param key the attempt
     * @param reporter the reporting executor as the report states it; empty when it does not say
     * @param token its token
     * @param outcome what happened
     * @param executorId the executor the next attempt is handed out to
     * @param timeout the longest wait for the next attempt
     * @return the report result and the next lease
     */
    public ReportAndNext reportAndNext(AttemptKey key, Optional<String> reporter, String token, TaskOutcome outcome,
                                       String executorId, Duration timeout) {
        ReportResult r = report(key, reporter, token, outcome);
        return new ReportAndNext(r, nextTask(executorId, timeout));
    }

    /**
     * Reports an attempt, then takes the next one for the same executor.
     *
     * @param key the attempt
     * @param token its token
     * @param outcome what happened
     * @param executorId the executor
     * @param timeout the longest wait for the next attempt
     * @return the report result and the next lease
     */
    public ReportAndNext reportAndNext(AttemptKey key, String token, TaskOutcome outcome, String executorId, Duration timeout) {
        ReportResult r = report(key, token, outcome);
        return new ReportAndNext(r, nextTask(executorId, timeout));
    }

    /**
     * Extends the lease of a running attempt for the executor it was handed out to: refused
     * ({@link ReportResult.Status#WRONG_EXECUTOR}, 409, lease unchanged) for another one.
     *
     * @param key the attempt
     * @param executorId the executor; empty when the heartbeat does not say (then only the token counts)
     * @param token its token
     * @return accepted with the new deadline, or why not
     */
    public ReportResult heartbeat(AttemptKey key, Optional<String> executorId, String token) {
        if (stopped()) {
            return ReportResult.refused(ReportResult.Status.STOPPED, "the scheduler is stopped");
        }
        Term t = term;
        if (t == null || !leads()) {
            return ReportResult.refused(ReportResult.Status.NOT_LEADER, notLeader("lease of " + key + " not extended"));
        }
        executorId.ifPresentOrElse(contact::touched, contact::touched);
        return t.attempts().heartbeat(key, executorId, token);
    }

    /**
     * Stores a batch of an attempt's log records, sent by the executor it was handed out to; nothing
     * is stored when refused: an unknown attempt ({@link ReportResult.Status#UNKNOWN_ATTEMPT}, 404),
     * another token (the attempt was handed out again; 409) or another executor (409). Judged by the
     * attempt's row, so records shipped after the attempt ended are still kept. The one check behind
     * the HTTP route and the in-process link.
     *
     * @param key the attempt
     * @param executorId the executor; empty when the batch does not say (then only the token counts)
     * @param token the attempt's token
     * @param records the records
     * @return accepted, or why nothing was stored
     */
    public ReportResult appendLogs(AttemptKey key, Optional<String> executorId, String token, List<TaskLogRecord> records) {
        Optional<TaskAttemptRecord> attempt = store.attempts().find(key);
        if (attempt.isEmpty()) {
            return ReportResult.refused(ReportResult.Status.UNKNOWN_ATTEMPT, "Unknown attempt: " + key);
        }
        if (attempt.get().token().filter(t -> t.equals(token)).isEmpty()) {
            return ReportResult.refused(ReportResult.Status.WRONG_TOKEN, "Token does not match " + key
                    + "; it was handed out again");
        }
        Optional<String> holder = attempt.get().executorId();
        if (executorId.isPresent() && holder.isPresent() && !holder.equals(executorId)) {
            return ReportResult.refused(ReportResult.Status.WRONG_EXECUTOR, key + " was handed out to executor '"
                    + holder.get() + "', not to '" + executorId.get() + "'; its log records were not stored");
        }
        executorId.ifPresentOrElse(contact::touched, contact::touched);
        store.taskLogs().append(records);
        return ReportResult.accepted(records.size() + " log records of " + key + " stored");
    }

    /**
     * Extends the lease of a running attempt to at least now + grace.
     *
     * @param key the attempt
     * @param token its token
     * @return accepted with the new deadline, or why not
     */
    public ReportResult heartbeat(AttemptKey key, String token) {
        if (stopped()) {
            return ReportResult.refused(ReportResult.Status.STOPPED, "the scheduler is stopped");
        }
        Term t = term;
        if (t == null || !leads()) {
            return ReportResult.refused(ReportResult.Status.NOT_LEADER, notLeader("lease of " + key + " not extended"));
        }
        contact.touched();
        return t.attempts().heartbeat(key, token);
    }

    /**
     * Triggers a run of a DAG now (event MANUALLY_TRIGGERED, logical time = now).
     *
     * @param dagId the DAG
     * @param paramsJson the run parameters, a JSON object text; null means {@code {}}
     * @return the run id
     * @throws UnknownIdException when the registry has no such DAG
     * @throws InvalidInputException when the parameters are not a JSON object or exceed a limit of {@link RunParams}
     * @throws InvalidStateException when the scheduler is not RUNNING
     */
    public long trigger(String dagId, String paramsJson) {
        return trigger(dagId, paramsJson, clock.instant());
    }

    /**
     * Triggers a run of a DAG now for a given logical time (event MANUALLY_TRIGGERED), as
     * {@code ppacer test --logical-time} does: the tasks see {@code logicalTime} in
     * {@link ppacer.api.TaskContext#logicalTime()}.
     *
     * @param dagId the DAG
     * @param paramsJson the run parameters, a JSON object text; null means {@code {}}
     * @param logicalTime the run's logical time (moved by a microsecond when the DAG has a run at it)
     * @return the run id
     * @throws UnknownIdException when the registry has no such DAG
     * @throws InvalidInputException when the parameters are not a JSON object or exceed a limit of {@link RunParams}
     * @throws InvalidStateException when the scheduler is not RUNNING
     */
    public long trigger(String dagId, String paramsJson, Instant logicalTime) {
        return trigger(dagId, paramsJson, logicalTime, Actor.JAVA);
    }

    /**
     * As {@link #trigger(String, String, Instant)}, recorded in the audit log (action
     * {@code run.trigger}, after: the run's first status) in the transaction that inserts the run.
     *
     * @param dagId the DAG
     * @param paramsJson the run parameters, a JSON object text; null means {@code {}}
     * @param logicalTime the run's logical time
     * @param by who triggers it
     * @return the run id
     */
    public long trigger(String dagId, String paramsJson, Instant logicalTime, Actor by) {
        Dag dag = dag(dagId);
        String params = paramsJson == null ? "{}" : paramsJson;
        RunParams.problem(params).ifPresent(problem -> {
            throw new InvalidInputException("Run parameters for DAG '" + dagId + "' must be a JSON object: " + problem);
        });
        Instant now = clock.instant();
        return runningTerm("trigger DAG '" + dagId + "'").watcher().trigger(dag, params,
                java.util.Objects.requireNonNull(logicalTime, "logicalTime"), now,
                Optional.of(by.entry(now, "run.trigger", AuditTarget.dag(dagId), Optional.empty(), Optional.empty())));
    }

    /**
     * Triggers many runs of a DAG in one call (a batch trigger), each with its own parameters and,
     * optionally, logical time; as {@link #triggerBatch(String, List, Actor)} by {@link Actor#JAVA}.
     *
     * @param dagId the DAG
     * @param requests the runs, 1 to {@value TriggerRequest#MAX_RUNS}
     * @return the run ids, in the order of {@code requests}
     */
    public List<Long> triggerBatch(String dagId, List<TriggerRequest> requests) {
        return triggerBatch(dagId, requests, Actor.JAVA);
    }

    /**
     * Triggers many runs of a DAG in one call (a batch trigger): each run as
     * {@link #trigger(String, String, Instant, Actor)} creates it (event MANUALLY_TRIGGERED, logical
     * time = the request's or now, moved by a microsecond past runs the DAG has and past the batch's
     * earlier runs; the same admission: runs beyond the DAG's free slots wait QUEUED, in order), but
     * with one store read for the logical times and one store transaction per chunk of at most 5,000
     * runs, with JDBC statement batching. Each chunk writes one audit row (action
     * {@code run.trigger_batch}, target: the DAG and the chunk's first run, after: how many runs,
     * which items, how many SCHEDULED and QUEUED, and the new ids' range {@code #FIRST..#LAST}), so a
     * call of at most 5,000 runs writes exactly one.
     *
     * <p>Every request is checked before anything is written: an unknown DAG, an empty list, more
     * than {@value TriggerRequest#MAX_RUNS} runs or parameters that are not a JSON object (the error
     * names the item, e.g. {@code runs[3].params}) create nothing. A store failure in a later chunk
     * leaves the earlier chunks' runs (the exception names which items were created).
     *
     * @param dagId the DAG
     * @param requests the runs, 1 to {@value TriggerRequest#MAX_RUNS}
     * @param by who triggers them
     * @return the run ids, in the order of {@code requests}
     * @throws UnknownIdException when the registry has no such DAG
     * @throws InvalidInputException when the list is empty or too long, or an item is null or its
     *     parameters are not a JSON object or exceed a limit of {@link RunParams} ({@link InvalidInputException#field()}
     *     names the item)
     * @throws InvalidStateException when the scheduler is not RUNNING
     */
    public List<Long> triggerBatch(String dagId, List<TriggerRequest> requests, Actor by) {
        java.util.Objects.requireNonNull(requests, "requests");
        java.util.Objects.requireNonNull(by, "by");
        Dag dag = dag(dagId);
        if (requests.isEmpty()) {
            throw InvalidInputException.ofField("runs", "A batch trigger of DAG '" + dagId
                    + "' needs at least one run; the list of runs was empty");
        }
        if (requests.size() > TriggerRequest.MAX_RUNS) {
            throw InvalidInputException.ofField("runs", "A batch trigger takes at most " + TriggerRequest.MAX_RUNS
                    + " runs; " + requests.size() + " were asked for DAG '" + dagId + "'");
        }
        List<String> params = new ArrayList<>(requests.size());
        List<Optional<Instant>> times = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            TriggerRequest r = requests.get(i);
            if (r == null) {
                throw InvalidInputException.ofField("runs[" + i + "]", "Item runs[" + i + "] of the batch trigger of DAG '"
                        + dagId + "' is null; expected a run with parameters and an optional logical time");
            }
            int index = i;
            RunParams.problem(r.paramsJson()).ifPresent(problem -> {
                throw InvalidInputException.ofField("runs[" + index + "].params", "Run parameters runs[" + index
                        + "].params for DAG '" + dagId + "' must be a JSON object: " + problem);
            });
            params.add(r.paramsJson());
            times.add(r.logicalTime());
        }
        Instant now = clock.instant();
        return runningTerm("trigger a batch of " + requests.size() + " runs of DAG '" + dagId + "'").watcher()
                .triggerBatch(dag, params, times, now, by.entry(now, "run.trigger_batch", AuditTarget.dag(dagId),
                        Optional.empty(), Optional.empty()));
    }

    /**
     * Records an asset event posted by an external system (API, CLI), with its audit row in the same
     * transaction, and wakes the DAG-run watcher so that consumers whose condition now holds run.
     * The event is stored before this returns: once acknowledged it is not lost.
     *
     * @param asset the asset; it must be produced or consumed by a DAG of the registry
     * @param metadataJson a JSON object text, at most {@value NewAssetEvent#MAX_METADATA_CHARS}
     *     characters; null means {@code {}}
     * @param idempotencyKey a key making a repeated post answer the first event, if any
     * @param by who posts it
     * @return the event and whether this call created it (false: the key was seen before)
     * @throws InvalidInputException when the name, metadata or key is invalid
     * @throws UnknownIdException when no DAG produces or consumes the asset
     * @throws NotLeaderException when standing by
     */
    public RecordedAssetEvent emitAssetEvent(String asset, String metadataJson, Optional<String> idempotencyKey, Actor by) {
        if (!ppacer.api.AssetNames.isValid(asset)) {
            throw new InvalidInputException("Invalid asset name '" + asset + "': expected "
                    + ppacer.api.AssetNames.describeRule());
        }
        String metadata = metadataJson == null ? "{}" : metadataJson;
        ppacer.scheduler.core.RunParams.problem(metadata).ifPresent(problem -> {
            throw new InvalidInputException("Field 'metadata' of an event of asset '" + asset
                    + "' must be a JSON object: " + problem);
        });
        if (metadata.length() > NewAssetEvent.MAX_METADATA_CHARS) {
            throw new InvalidInputException("Field 'metadata' of an event of asset '" + asset + "' is " + metadata.length()
                    + " characters; at most " + NewAssetEvent.MAX_METADATA_CHARS);
        }
        if (idempotencyKey.isPresent() && (idempotencyKey.get().isBlank()
                || idempotencyKey.get().length() > NewAssetEvent.MAX_KEY_CHARS)) {
            throw new InvalidInputException("Field 'idempotencyKey' must be 1-" + NewAssetEvent.MAX_KEY_CHARS
                    + " characters, not blank; was " + idempotencyKey.get().length() + " characters");
        }
        AssetCatalog assets = new AssetCatalog(catalog.current(), store);
        if (!assets.known(asset)) {
            throw new UnknownIdException("Unknown asset '" + asset + "': no DAG produces or consumes it (known: "
                    + assets.all().stream().filter(a -> !a.producers().isEmpty() || !a.consumers().isEmpty())
                            .map(AssetSummary::name).toList() + ")");
        }
        Term t = runningTerm("record an event of asset '" + asset + "'");
        Instant now = clock.instant();
        RecordedAssetEvent recorded = t.writes().assets().record(new NewAssetEvent(asset, now,
                new ppacer.api.AssetEventSource.External(by.name(), by.address()), metadata, idempotencyKey),
                Optional.of(by.entry(now, "asset.emit", new AuditTarget(Optional.empty(), java.util.OptionalLong.empty(),
                        Optional.empty(), java.util.OptionalInt.empty(), java.util.OptionalLong.empty(), Optional.empty()),
                        Optional.empty(), Optional.empty())));
        if (recorded.created()) {
            t.watcher().wake();
        }
        return recorded;
    }

    /** @return every asset a DAG names or an event was recorded for, with its latest event, producers and consumers */
    public List<AssetSummary> assets() {
        return new AssetCatalog(catalog.current(), store).all();
    }

    /**
     * @param asset an asset name
     * @return its summary
     * @throws UnknownIdException when no DAG names it and no event was recorded for it
     */
    public AssetSummary asset(String asset) {
        return new AssetCatalog(catalog.current(), store).find(asset).orElseThrow(() -> new UnknownIdException(
                "Unknown asset '" + asset + "': no DAG produces or consumes it and it has no event"));
    }

    /**
     * A page of an asset's events, newest first.
     *
     * @param asset the asset
     * @param beforeId only older events (smaller ids), for the next page
     * @param limit the most events, 1-1000
     * @return the events
     */
    public List<ppacer.api.AssetEvent> assetEvents(String asset, java.util.OptionalLong beforeId, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit must be 1-1000, was " + limit);
        }
        return store.assets().events(asset, beforeId, limit);
    }

    /**
     * @param dagId a DAG
     * @return the assets its asset condition still misses (empty when none, or it is not on assets)
     * @throws UnknownIdException when the DAG is unknown
     */
    public java.util.Set<String> missingAssets(String dagId) {
        return new AssetCatalog(catalog.current(), store).missing(dag(dagId));
    }

    /**
     * @param dagId a DAG
     * @return the events of its assets it has not consumed yet, oldest first (empty when it is not on assets)
     * @throws UnknownIdException when the DAG is unknown
     */
    public List<ppacer.api.AssetEvent> pendingAssetEvents(String dagId) {
        return new AssetCatalog(catalog.current(), store).pending(dag(dagId));
    }

    /**
     * @param runId a run
     * @return the asset events that started it, oldest first (empty for a run not started by assets)
     */
    public List<ppacer.api.AssetEvent> triggeringEvents(long runId) {
        return store.assets().consumedBy(runId);
    }

    /**
     * Restarts a FAILED run: failed and upstream-failed tasks get new attempts, succeeded ones are kept.
     *
     * @param runId the run
     * @throws UnknownIdException when the run is unknown
     * @throws InvalidStateException when it is not FAILED
     */
    public void restart(long runId) {
        restart(runId, Actor.JAVA);
    }

    /**
     * As {@link #restart(long)}, recorded in the audit log (action {@code run.restart}) in the
     * transaction of the run's move from FAILED to RUNNING.
     *
     * @param runId the run
     * @param by who restarts it
     */
    public void restart(long runId, Actor by) {
        runningTerm("restart run " + runId).actions().restart(runId, by);
    }

    /**
     * What {@link #restart(long)} would do now, changing nothing.
     *
     * @param runId the run
     * @return the tasks that would get a new attempt and how the rules would then decide the run
     * @throws UnknownIdException when the run is unknown
     * @throws InvalidStateException when the run is not FAILED
     */
    public RestartPlan planRestart(long runId) {
        return runningTerm("plan a restart of run " + runId).actions().planRestart(runId);
    }

    /**
     * Starts a backfill of a DAG over a past logical-time range: its runs are created lazily by the
     * watcher, at most {@code maxActive} unfinished at a time, behind the DAG's scheduled runs.
     *
     * @param request the backfill
     * @return the stored backfill (RUNNING)
     * @throws UnknownIdException when the DAG is unknown
     * @throws InvalidInputException when the request is not valid (range, schedule, parameters, size)
     * @throws InvalidStateException when an active backfill of the DAG overlaps it and overlap is not allowed,
     *     or the scheduler is not RUNNING
     */
    public BackfillRecord backfill(BackfillRequest request) {
        return backfill(request, Actor.named(request.createdBy()));
    }

    /**
     * As {@link #backfill(BackfillRequest)}, recorded in the audit log (action {@code backfill.create})
     * in the transaction that inserts the backfill.
     *
     * @param request the backfill
     * @param by who asks
     * @return the stored backfill (RUNNING)
     */
    public BackfillRecord backfill(BackfillRequest request, Actor by) {
        return runningTerm("backfill DAG '" + request.dagId() + "'").backfills().create(request, by);
    }

    /**
     * What {@link #backfill(BackfillRequest)} would do now, changing nothing: the points of the range
     * in processing order, each with what it would get (a new run, a rerun, a skip).
     *
     * @param request the backfill
     * @return the plan
     * @throws UnknownIdException when the DAG is unknown
     * @throws InvalidInputException when the request is not valid
     * @throws InvalidStateException when an active backfill of the DAG overlaps it and overlap is not allowed
     */
    public BackfillPlan planBackfill(BackfillRequest request) {
        return runningTerm("plan a backfill of DAG '" + request.dagId() + "'").backfills().plan(request);
    }

    /**
     * @param backfillId a backfill
     * @return it with the progress of its runs
     * @throws UnknownIdException when unknown
     */
    public BackfillProgress backfillProgress(long backfillId) {
        BackfillRecord b = store.backfills().find(backfillId)
                .orElseThrow(() -> new UnknownIdException("Unknown backfill " + backfillId));
        return Backfills.progress(store, b, catalog.current().find(b.dagId()).isPresent() && isPaused(b.dagId()));
    }

    /**
     * @param dagId only this DAG's backfills (checked to be known), or every DAG's when empty
     * @return the backfills with their progress, newest first
     */
    public List<BackfillProgress> backfills(Optional<String> dagId) {
        dagId.ifPresent(this::dag);
        return store.backfills().list(dagId, java.util.Set.of()).stream()
                .map(b -> Backfills.progress(store, b, catalog.current().find(b.dagId()).isPresent() && isPaused(b.dagId())))
                .toList();
    }

    /**
     * Cancels a RUNNING or PAUSED backfill: it creates no more runs; the runs it created finish.
     *
     * @param backfillId the backfill
     * @return it after the change
     */
    public BackfillProgress cancelBackfill(long backfillId) {
        return cancelBackfill(backfillId, false);
    }

    /**
     * Cancels a RUNNING or PAUSED backfill: it creates no more runs; with {@code cancelRuns} its
     * unfinished runs are cancelled too (they end FAILED, teardowns still run), else they finish.
     *
     * @param backfillId the backfill
     * @param cancelRuns whether its unfinished runs are cancelled
     * @return it after the change
     */
    public BackfillProgress cancelBackfill(long backfillId, boolean cancelRuns) {
        return cancelBackfill(backfillId, cancelRuns, Actor.JAVA);
    }

    /**
     * As {@link #cancelBackfill(long, boolean)}, recorded in the audit log (action {@code backfill.cancel}).
     *
     * @param backfillId the backfill
     * @param cancelRuns whether its unfinished runs are cancelled
     * @param by who cancels it
     * @return it after the change
     */
    public BackfillProgress cancelBackfill(long backfillId, boolean cancelRuns, Actor by) {
        Term t = runningTerm("cancel backfill " + backfillId);
        return t.backfills().progress(t.backfills().cancel(backfillId, cancelRuns, by));
    }

    /**
     * Pauses a RUNNING backfill: it creates no runs until resumed.
     *
     * @param backfillId the backfill
     * @return it after the change
     */
    public BackfillProgress pauseBackfill(long backfillId) {
        return pauseBackfill(backfillId, Actor.JAVA);
    }

    /**
     * As {@link #pauseBackfill(long)}, recorded in the audit log (action {@code backfill.pause}).
     *
     * @param backfillId the backfill
     * @param by who pauses it
     * @return it after the change
     */
    public BackfillProgress pauseBackfill(long backfillId, Actor by) {
        Term t = runningTerm("pause backfill " + backfillId);
        return t.backfills().progress(t.backfills().pause(backfillId, by));
    }

    /**
     * Resumes a PAUSED backfill from where it stopped.
     *
     * @param backfillId the backfill
     * @return it after the change
     */
    public BackfillProgress resumeBackfill(long backfillId) {
        return resumeBackfill(backfillId, Actor.JAVA);
    }

    /**
     * As {@link #resumeBackfill(long)}, recorded in the audit log (action {@code backfill.resume}).
     *
     * @param backfillId the backfill
     * @param by who resumes it
     * @return it after the change
     */
    public BackfillProgress resumeBackfill(long backfillId, Actor by) {
        Term t = runningTerm("resume backfill " + backfillId);
        return t.backfills().progress(t.backfills().resume(backfillId, by));
    }

    /**
     * Whether a backfill waits because of max-active now (for explaining why its next run is not
     * created, or why a run of it waits for a slot).
     *
     * @param backfillId the backfill
     * @return the throttle, empty when it is not throttled (or this scheduler does not lead)
     */
    public Optional<BackfillThrottle> backfillThrottle(long backfillId) {
        Term t = term;
        return leads() && t != null ? t.backfills().throttle(backfillId) : Optional.empty();
    }

    /**
     * Clears a task (and by default its descendants): new attempts once their parents succeeded; a
     * finished run goes back to RUNNING.
     *
     * @param runId the run
     * @param taskId the task
     * @param downstream also clear every task below it
     */
    public void clearTask(long runId, String taskId, boolean downstream) {
        clearTask(runId, taskId, downstream, Actor.JAVA);
    }

    /**
     * As {@link #clearTask(long, String, boolean)}, recorded in the audit log (action {@code task.clear})
     * in the transaction of the clear's first write that applies (the reopening of a finished run, the
     * cancellation of a live attempt or the insert of the new attempts); a clear that writes nothing
     * records nothing.
     *
     * @param runId the run
     * @param taskId the task
     * @param downstream also clear every task below it
     * @param by who clears it
     */
    public void clearTask(long runId, String taskId, boolean downstream, Actor by) {
        runningTerm("clear task '" + taskId + "' of run " + runId).actions().clear(runId, taskId, downstream, by);
    }

    /**
     * Sets a task to SUCCESS, FAILED or SKIPPED; the tasks below it whose trigger rules decided them
     * are decided again with the new outcome.
     *
     * @param runId the run
     * @param taskId the task
     * @param status SUCCESS, FAILED or SKIPPED
     */
    public void markTask(long runId, String taskId, TaskStatus status) {
        markTask(runId, taskId, status, Actor.JAVA);
    }

    /**
     * As {@link #markTask(long, String, TaskStatus)}, recorded in the audit log (action {@code task.mark})
     * in the transaction of the attempt's compare-and-set to the new status.
     *
     * @param runId the run
     * @param taskId the task
     * @param status SUCCESS, FAILED or SKIPPED
     * @param by who marks it
     */
    public void markTask(long runId, String taskId, TaskStatus status, Actor by) {
        runningTerm("mark task '" + taskId + "' of run " + runId).actions().mark(runId, taskId, status, by);
    }

    /**
     * Pauses a DAG: it creates no runs and its queued runs wait. Persisted.
     *
     * @param dagId the DAG
     */
    public void pause(String dagId) {
        setPaused(dagId, true, Actor.JAVA);
    }

    /**
     * As {@link #pause(String)}, recorded in the audit log (action {@code dag.pause}) when the DAG was
     * not paused.
     *
     * @param dagId the DAG
     * @param by who pauses it
     */
    public void pause(String dagId, Actor by) {
        setPaused(dagId, true, by);
    }

    /**
     * Unpauses a DAG; missed schedule points follow its catch-up setting.
     *
     * @param dagId the DAG
     */
    public void unpause(String dagId) {
        setPaused(dagId, false, Actor.JAVA);
    }

    /**
     * As {@link #unpause(String)}, recorded in the audit log (action {@code dag.unpause}) when the DAG
     * was paused.
     *
     * @param dagId the DAG
     * @param by who unpauses it
     */
    public void unpause(String dagId, Actor by) {
        setPaused(dagId, false, by);
    }

    private void setPaused(String dagId, boolean paused, Actor by) {
        dag(dagId);
        Term t = runningTerm((paused ? "pause" : "unpause") + " DAG '" + dagId + "'");
        Instant now = clock.instant();
        t.writes().dags().setPaused(dagId, paused, now, Optional.of(by.entry(now, paused ? "dag.pause" : "dag.unpause",
                AuditTarget.dag(dagId), Optional.of(paused ? "active" : "paused"), Optional.of(paused ? "paused" : "active"))));
        t.admission().paused(dagId, paused);
        t.watcher().wake();
    }

    /**
     * @param dagId a DAG
     * @return whether it is paused
     */
    public boolean isPaused(String dagId) {
        dag(dagId);
        Term t = term;
        if (!leads() || t == null) {
            return store.dags().find(dagId).map(DagRecord::paused).orElse(false);
        }
        return t.admission().paused(dagId);
    }

    /**
     * @param dagId a DAG
     * @return its next due schedule point; empty when it has no schedule
     */
    public Optional<Instant> nextDue(String dagId) {
        dag(dagId);
        Term t = term;
        return leads() && t != null ? t.watcher().nextDue(dagId) : Optional.empty();
    }

    /** Makes the watcher, the lease and deadline monitors and waiting executors re-read the clock now (for a fake clock). */
    public void wakeUp() {
        Term t = term;
        if (t != null) {
            t.watcher().wake();
            t.runs().attemptLeases().wake();
            t.runs().deferrals().wake();
            t.deadlines().wake();
            t.queue().wake();
        }
    }

    /** @return true when this scheduler leads and runs (or is stopping after leading) */
    private boolean leads() {
        SchedulerState s = state.get();
        return s == SchedulerState.RUNNING || s == SchedulerState.STOPPING;
    }

    private String notLeader(String what) {
        LeaderStatus l = leaderStatus();
        return "not the leader: scheduler " + l.nodeId() + " is " + state.get() + "; " + what + "; the leader is "
                + l.leaderId().orElse("unknown") + l.leaderUrl().map(u -> " at " + u).orElse("");
    }

    /** @return whether this scheduler leads, its epoch, and who leads otherwise */
    public LeaderStatus leaderStatus() {
        Leadership l = leadership;
        if (l == null) {
            return new LeaderStatus(false, config.ha().nodeId(), 0, Optional.empty(), Optional.empty(), 0);
        }
        Optional<ppacer.api.spi.LeaderLeaseState> held = l.held();
        boolean leader = held.isPresent() && (state.get() == SchedulerState.RUNNING || state.get() == SchedulerState.STOPPING
                || state.get() == SchedulerState.SYNCHRONIZING);
        Optional<ppacer.api.spi.LeaderLeaseState> known = leader ? held : l.seen();
        return new LeaderStatus(leader, l.ha().nodeId(), known.map(ppacer.api.spi.LeaderLeaseState::epoch).orElse(0L),
                known.map(ppacer.api.spi.LeaderLeaseState::leaderId), known.map(ppacer.api.spi.LeaderLeaseState::url).filter(u -> !u.isEmpty()),
                l.takeovers());
    }

    /**
     * The counters: gauges of the current leadership term (queue depth, running attempts, runs;
     * zero while this scheduler does not lead) and what the core has done over every term
     * ({@link SchedulerStats#work()}, alerts), whichever executor did the work. Lock-free.
     *
     * @return a snapshot
     */
    public SchedulerStats stats() {
        WorkCounts work = counters.snapshot();
        Term t = term;
        if (t == null) {
            return new SchedulerStats(state.get(), 0, 0, 0, 0, 0, 0, counters.alertsSent(), counters.alertsDropped(), work,
                    timings.hops(), timings.durations());
        }
        return new SchedulerStats(state.get(), t.watcher().wakeUps(), t.runs().attemptLeases().wakeUps(), t.queue().size(),
                t.queue().running(), t.admission().active(), t.admission().queued(), counters.alertsSent(),
                counters.alertsDropped(), work, timings.hops(), timings.durations());
    }

    private Dag dag(String dagId) {
        DagRegistry registry = catalog.current();
        return registry.find(dagId).orElseThrow(() -> new UnknownIdException("Unknown DAG '" + dagId + "'; the registry has "
                + registry.dags().stream().limit(20).map(Dag::id).map(Function.identity()).toList()
                + (registry.size() > 20 ? " and " + (registry.size() - 20) + " more" : "")));
    }

    /**
     * Deletes finished runs older than {@code olderThan} with all their data (attempts, restarts, task
     * logs, outputs, expansions, deadline alerts; and schedule events older than that), in batches of
     * the retention's batch size with its pause between them, through the leader's fenced store. Never
     * deleted: unfinished runs, runs of a RUNNING or PAUSED backfill, the latest
     * {@link RetentionConfig#keepLastPerDag()} runs of each DAG. A dry run only counts.
     *
     * @param olderThan the age (positive)
     * @param dagId only this DAG's runs, or every DAG's
     * @param dryRun true to count what would go, deleting nothing
     * @return rows per table, batches and time taken
     * @throws InvalidInputException when the age is not positive
     * @throws UnknownIdException when the DAG is not known
     * @throws NotLeaderException when standing by
     * @throws InvalidStateException when not running, or another clean is deleting
     */
    public CleanReport clean(Duration olderThan, Optional<String> dagId, boolean dryRun) {
        return clean(olderThan, dagId, dryRun, Actor.JAVA);
    }

    /**
     * As {@link #clean(Duration, Optional, boolean)}, recorded in the audit log (action {@code db.clean},
     * target the DAG when one is given) in the transaction of the first batch that deletes anything: a
     * dry run, or a clean that finds nothing to delete, records nothing.
     *
     * @param olderThan the age (positive)
     * @param dagId only this DAG's runs, or every DAG's
     * @param dryRun true to count what would go, deleting nothing
     * @param by who cleans
     * @return rows per table, batches and time taken
     */
    public CleanReport clean(Duration olderThan, Optional<String> dagId, boolean dryRun, Actor by) {
        if (olderThan == null || !olderThan.isPositive()) {
            throw new InvalidInputException("clean: the age must be a positive duration (e.g. P30D), was " + olderThan);
        }
        dagId.ifPresent(id -> {
            if (catalog.current().find(id).isEmpty() && store.dags().find(id).isEmpty()) {
                throw new UnknownIdException("DAG '" + id + "' is not known");
            }
        });
        Term t = runningTerm(dryRun ? "count what a clean would remove" : "clean");
        try {
            return cleaner.clean(t.writes(), olderThan, dagId, dryRun, Optional.of(by));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidStateException("clean interrupted: the scheduler is stopping");
        }
    }

    /** @return what retention deleted since this scheduler started (timer and on demand) */
    public RetentionStats retentionStats() {
        return cleaner.stats();
    }

    /**
     * The current term, for an action that needs the scheduler RUNNING.
     *
     * @param what the action, for the refusal
     * @return the term
     * @throws NotLeaderException when standing by
     * @throws InvalidStateException when not RUNNING
     */
    private Term runningTerm(String what) {
        requireRunning(what);
        Term t = term;
        if (t == null) {
            requireRunning(what); // stepped down meanwhile: says so
            throw new InvalidStateException("Cannot " + what + ": the scheduler is between leadership terms");
        }
        return t;
    }

    private void requireRunning(String what) {
        SchedulerState s = state.get();
        if (s == SchedulerState.STANDBY) {
            throw new NotLeaderException(notLeader("cannot " + what), leaderStatus().leaderUrl().orElse(null));
        }
        if (s != SchedulerState.RUNNING) {
            throw new InvalidStateException("Cannot " + what + ": the scheduler is " + s);
        }
    }

    /**
     * Graceful stop: stops creating runs and handing out attempts, waits up to {@code timeout} for
     * running attempts to report, then ends the threads and releases the store. Attempts still
     * running stay RUNNING in the store with their lease and are judged on the next start.
     *
     * @param timeout the longest wait for running attempts
     * @return true when no attempt was left running
     */
    public boolean stop(Duration timeout) {
        if (!state.compareAndSet(SchedulerState.RUNNING, SchedulerState.STOPPING)) {
            if (state.get() != SchedulerState.STOPPED && state.get() != SchedulerState.STOPPING) {
                shutDown(true); // standby or synchronizing: nothing runs here
                return true;
            }
            return state.get() == SchedulerState.STOPPED;
        }
        Term t = term;
        if (t == null) {
            shutDown(true);
            return true;
        }
        t.watcher().wake();
        t.queue().wake();
        boolean idle = false;
        try {
            idle = t.queue().awaitNoneRunning(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!idle) {
            LOG.log(Level.WARNING, "Stopping with " + t.queue().running() + " attempts still running after " + timeout
                    + "; they are judged by their lease on the next start");
        }
        shutDown(true);
        return idle;
    }

    /** Ends everything at once, as a crash would, without waiting; the store keeps what was written. */
    void abort() {
        shutDown(false);
    }

    /**
     * Ends the leadership thread and the core; a graceful stop (or any stop on a store serving one
     * scheduler) releases the lease so that a standby takes over at once.
     */
    private void shutDown(boolean graceful) {
        state.set(SchedulerState.STOPPED);
        if (leadership != null) {
            leadership.close();
        }
        coreLock.lock();
        try {
            stopCore();
            if (leadership != null && (graceful || !store.leadership().shared())) {
                leadership.releaseHeld();
            }
        } finally {
            coreLock.unlock();
        }
        if (ownsStore && store != null) {
            store.close();
        }
    }

    /** Graceful stop with the configured {@link SchedulerConfig#stopTimeout()}. */
    @Override
    public void close() {
        stop(config.stopTimeout());
    }
}
