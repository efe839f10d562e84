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
import ppacer.api.DagRegistry;
import ppacer.api.Notifier;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DagRecord;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.core.AttemptLifecycle;
import ppacer.scheduler.core.AttemptTimings;
import ppacer.scheduler.core.CoreCounters;
import ppacer.scheduler.core.DagDefinitions;
import ppacer.scheduler.core.DagRunWatcher;
import ppacer.scheduler.core.ExecutorContact;
import ppacer.scheduler.core.InProcessHolder;
import ppacer.scheduler.core.LoggingNotifier;
import ppacer.scheduler.core.NotificationDispatcher;
import ppacer.scheduler.core.OperatorActions;
import ppacer.scheduler.core.QueuedTask;
import ppacer.scheduler.core.Recovery;
import ppacer.scheduler.core.RetryPolicy;
import ppacer.scheduler.core.RunAdmission;
import ppacer.scheduler.core.RunCoordinator;
import ppacer.scheduler.core.RunLoop;
import ppacer.scheduler.core.RunParams;
import ppacer.scheduler.core.TaskQueue;
import ppacer.scheduler.core.WaitReasons;
import ppacer.scheduler.model.ExecutorPresence;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.NotLeaderException;
import ppacer.scheduler.model.ReportAndNext;
import ppacer.scheduler.model.ReportResult;
import ppacer.api.protocol.RestartPlan;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.scheduler.model.WaitReason;
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
    private final DagRegistry registry;
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
     */
    private record Term(int generation, Store writes, TaskQueue queue, RunAdmission admission, RunCoordinator runs,
                        AttemptLifecycle attempts, DagRunWatcher watcher, OperatorActions actions,
                        NotificationDispatcher alerts) {
    }

    private Scheduler(SchedulerConfig config) {
        this.config = config;
        this.registry = config.registry();
        this.clock = config.clock();
        this.holder = InProcessHolder.fresh(config.ha().nodeId());
        this.timings = new AttemptTimings(clock);
        this.contact = new ExecutorContact(clock);
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
        fenced.dags().sync(registry.dags().stream().map(DagDefinitions::of).toList(), now);
        Map<String, Boolean> paused = fenced.dags().list().stream()
                .collect(Collectors.toMap(DagRecord::dagId, DagRecord::paused));
        RunAdmission admission = new RunAdmission();
        for (Dag d : registry.dags()) {
            admission.register(d.id(), d.maxActiveRuns(), paused.getOrDefault(d.id(), false));
        }
        TaskQueue queue = new TaskQueue(config.queueCapacity(), config.maxRunningTasks(),
                dagId -> registry.find(dagId).map(Dag::maxActiveTasks).orElse(1), clock);
        NotificationDispatcher alerts = new NotificationDispatcher(notifiers(), config.zone(), config.notificationQueue(),
                counters);
        // the components of this term call each other, never the ones of another term
        AtomicReference<AttemptLifecycle> attemptsRef = new AtomicReference<>();
        AtomicReference<DagRunWatcher> watcherRef = new AtomicReference<>();
        RunCoordinator runs = new RunCoordinator(fenced, clock, queue, new RetryPolicy(config.random()), alerts,
                dagId -> {
                    admission.release(dagId);
                    watcherRef.get().wake();
                },
                lease -> attemptsRef.get().expire(lease), counters);
        AttemptLifecycle attempts = new AttemptLifecycle(runs, config.leaseDuration(), config.maxOutputBytes(), config.maxMapItems());
        attemptsRef.set(attempts);
        OperatorActions actions = new OperatorActions(runs, registry, admission);
        DagRunWatcher watcher = new DagRunWatcher(fenced, registry, clock, admission, runs);
        watcherRef.set(watcher);
        Term t = new Term(gen, fenced, queue, admission, runs, attempts, watcher, actions, alerts);
        term = t; // before recovery: stopCore closes what recovery started if it fails
        boolean exclusive = !store.leadership().shared();
        int recovered = new Recovery(runs, registry, admission, config.leaseGrace(),
                executorId -> holder.deadPredecessor(executorId, exclusive)).recover();
        watcher.init(clock.instant());
        threads.add(Thread.ofVirtual().name("ppacer-dagrun-watcher")
                .start(new RunLoop("DAG-run watcher", watcher::step, () -> stopping() || term != t)));
        threads.add(Thread.ofVirtual().name("ppacer-lease-monitor")
                .start(new RunLoop("lease monitor", runs.attemptLeases()::step, () -> stopped() || term != t)));
        LOG.log(Level.INFO, "Scheduler running with " + registry.size() + " DAGs on " + store.describe() + "; recovered "
                + recovered + " unfinished runs (leadership term " + gen + ")");
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

    /** @return the DAGs */
    public DagRegistry registry() {
        return registry;
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
                    running.getOrDefault(e.executorId(), 0)));
        }
        return out;
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
     * Why an unfinished run makes no progress, as far as this scheduler can tell now, from its one
     * explainer: its DAG is paused while the run is queued, or no executor has polled, reported or
     * heartbeated for 30 s while attempts wait to be handed out (only the leader knows its
     * executors). Empty for a finished run and for one that progresses.
     *
     * @param run the run, as just read from the store
     * @param latest the latest attempt of each of its tasks
     * @return the reasons, in a fixed order
     */
    public List<WaitReason> waitReasons(DagRunRecord run, List<TaskAttemptRecord> latest) {
        boolean paused = registry.find(run.dagId()).isPresent() && isPaused(run.dagId());
        Term t = term;
        return WaitReasons.of(run, latest, paused, leads() && t != null, contact, clock.instant());
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
        Dag dag = dag(dagId);
        String params = paramsJson == null ? "{}" : paramsJson;
        RunParams.problem(params).ifPresent(problem -> {
            throw new InvalidInputException("Run parameters for DAG '" + dagId + "' must be a JSON object: " + problem);
        });
        return runningTerm("trigger DAG '" + dagId + "'").watcher().trigger(dag, params,
                java.util.Objects.requireNonNull(logicalTime, "logicalTime"), clock.instant());
    }

    /**
     * Restarts a FAILED run: failed and upstream-failed tasks get new attempts, succeeded ones are kept.
     *
     * @param runId the run
     * @throws UnknownIdException when the run is unknown
     * @throws InvalidStateException when it is not FAILED
     */
    public void restart(long runId) {
        runningTerm("restart run " + runId).actions().restart(runId);
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
     * Clears a task (and by default its descendants): new attempts once their parents succeeded; a
     * finished run goes back to RUNNING.
     *
     * @param runId the run
     * @param taskId the task
     * @param downstream also clear every task below it
     */
    public void clearTask(long runId, String taskId, boolean downstream) {
        runningTerm("clear task '" + taskId + "' of run " + runId).actions().clear(runId, taskId, downstream);
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
        runningTerm("mark task '" + taskId + "' of run " + runId).actions().mark(runId, taskId, status);
    }

    /**
     * Pauses a DAG: it creates no runs and its queued runs wait. Persisted.
     *
     * @param dagId the DAG
     */
    public void pause(String dagId) {
        setPaused(dagId, true);
    }

    /**
     * Unpauses a DAG; missed schedule points follow its catch-up setting.
     *
     * @param dagId the DAG
     */
    public void unpause(String dagId) {
        setPaused(dagId, false);
    }

    private void setPaused(String dagId, boolean paused) {
        dag(dagId);
        Term t = runningTerm((paused ? "pause" : "unpause") + " DAG '" + dagId + "'");
        t.writes().dags().setPaused(dagId, paused, clock.instant());
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

    /** Makes the watcher, the lease monitor and waiting executors re-read the clock now (for a fake clock). */
    public void wakeUp() {
        Term t = term;
        if (t != null) {
            t.watcher().wake();
            t.runs().attemptLeases().wake();
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
        return registry.find(dagId).orElseThrow(() -> new UnknownIdException("Unknown DAG '" + dagId + "'; the registry has "
                + registry.dags().stream().limit(20).map(Dag::id).map(Function.identity()).toList()
                + (registry.size() > 20 ? " and " + (registry.size() - 20) + " more" : "")));
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
