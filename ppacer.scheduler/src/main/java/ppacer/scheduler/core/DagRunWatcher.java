package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.OverlapPolicy;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.scheduler.model.DagCatalog;

/**
 * Creates DAG runs when schedule points come due, admits queued runs when slots free, and creates
 * triggered runs.
 *
 * <p>Timing: keeps the next due point of every scheduled DAG in memory and sleeps until the earliest
 * one, or until woken (pause/unpause, a run finished, a trigger). There is no tick: an idle
 * scheduler neither wakes nor queries the store.
 *
 * <p>Catch-up (ppacer §2.4, corrected): the first run ever is at the schedule start with catch-up,
 * else at the first point after now. Later, with catch-up every missed point gets a run (CAUGHT_UP,
 * REGULAR for the latest), created one after another in the same pass; without it the missed points
 * before the latest due one are recorded as SKIPPED (at most {@value #MAX_SKIPPED_EVENTS}, then one
 * OUT_OF_BAND) and only the latest due point runs (REGULAR). With a catch-up window
 * ({@link Dag#catchUpWindow()}) the missed points older than now minus the window are recorded as
 * SKIPPED the same way (bounded, then OUT_OF_BAND) and the points inside it are caught up. Each pass
 * creates at most {@value #MAX_RUNS_PER_PASS} runs per DAG and then looks again at once.
 *
 * <p>Overlap: each due point is then decided by the DAG's {@link OverlapPolicy} ({@link
 * OverlapDecision}) from its unfinished runs as {@link RunAdmission} counts them (active and QUEUED,
 * recovered ones included, so the policy holds across restarts): a run, a buffered (QUEUED) run, no
 * run (OVERLAP_SKIPPED), or the cancellation of the unfinished runs ({@link RunCancellation}, one
 * OVERLAP_CANCELLED event each) and a run. Cancellations happen after the pass, outside the lock; the
 * new run waits QUEUED until the cancelled runs free their slot, in the same pass.
 *
 * <p>Assets: each pass also creates the runs of DAGs scheduled on assets whose condition holds
 * ({@link AssetTriggers}); a recorded asset event wakes the watcher.
 *
 * <p>Concurrency: one lock guards the due times; the run starts (store writes, queue puts) happen
 * outside it, many runs at once through {@link RunStarter} (their status changes share commits).
 */
public final class DagRunWatcher {
    /** Most SKIPPED events recorded for one gap. */
    public static final int MAX_SKIPPED_EVENTS = 1000;
    /** Most runs created for one DAG in one pass. */
    public static final int MAX_RUNS_PER_PASS = 1000;
    private static final System.Logger LOG = System.getLogger(DagRunWatcher.class.getName());

    private final Store store;
    private final DagCatalog catalog;
    private final InstantSource clock;
    private final RunAdmission admission;
    private final RunCoordinator runs;
    private final RunStarter starter;
    private final RunCancellation cancellation;
    private final Backfills backfills;
    private final AssetTriggers assets;
    private final BatchTrigger batch;
    private final Waiter waiter = new Waiter();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Instant> nextDue = new HashMap<>();
    /** The schedule each entry of {@link #nextDue} was computed for. */
    private final Map<String, Schedule> schedules = new HashMap<>();
    /** The DAGs new runs use: the catalog's when last {@link #init}ed or {@link #refresh}ed. */
    private DagRegistry registry;

    /**
     * @param store the store
     * @param registry the DAGs
     * @param clock the clock
     * @param admission run slots (DAGs registered already)
     * @param runs starts admitted runs
     */
    public DagRunWatcher(Store store, DagRegistry registry, InstantSource clock, RunAdmission admission, RunCoordinator runs) {
        this(store, DagCatalog.fixed(registry), clock, admission, runs, null);
    }

    /**
     * A watcher that also creates the runs of backfills, after the due runs of each pass.
     *
     * @param store the store
     * @param catalog the DAGs
     * @param clock the clock
     * @param admission run slots (DAGs registered already)
     * @param runs starts admitted runs
     * @param backfills the backfills; null for none
     */
    public DagRunWatcher(Store store, DagCatalog catalog, InstantSource clock, RunAdmission admission, RunCoordinator runs,
                         Backfills backfills) {
        this(store, catalog, clock, admission, runs, backfills, false);
    }

    /**
     * A watcher that also creates the runs of backfills, and says what a paused DAG scheduled on
     * assets does with the events recorded meanwhile (see {@link AssetTriggers}).
     *
     * @param store the store
     * @param catalog the DAGs
     * @param clock the clock
     * @param admission run slots (DAGs registered already)
     * @param runs starts admitted runs
     * @param backfills the backfills; null for none
     * @param dropAssetEventsWhilePaused true: drop them; false: keep them for the first run after unpausing
     */
    public DagRunWatcher(Store store, DagCatalog catalog, InstantSource clock, RunAdmission admission, RunCoordinator runs,
                         Backfills backfills, boolean dropAssetEventsWhilePaused) {
        this.assets = new AssetTriggers(store, catalog::current, admission, dropAssetEventsWhilePaused);
        this.backfills = backfills;
        this.store = store;
        this.catalog = catalog;
        this.registry = catalog.current();
        this.clock = clock;
        this.admission = admission;
        this.runs = runs;
        this.starter = new RunStarter(runs, admission);
        this.cancellation = new RunCancellation(runs);
        this.batch = new BatchTrigger(store, catalog, admission, starter);
    }

    /**
     * Computes each scheduled DAG's next due point from its latest run not created by a backfill (one
     * store read per DAG).
     *
     * @param now the start time
     */
    public void init(Instant now) {
        assets.init();
        lock.lock();
        try {
            registry = catalog.current();
            for (Dag dag : registry.dags()) {
                if (dag.schedule().isPresent()) {
                    plan(dag, now);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Computes a scheduled DAG's next due point from its latest run not created by a backfill. Caller holds the lock. */
    private void plan(Dag dag, Instant now) {
        Schedule s = dag.schedule().orElseThrow();
        // runs created by backfills are in the past and do not move the schedule
        Optional<Instant> latest = store.backfills().latestOutsideBackfills(dag.id());
        Instant due = latest.map(s::next)
                .orElseGet(() -> dag.catchUp() ? s.start().orElseThrow() : s.next(now));
        nextDue.put(dag.id(), due);
        schedules.put(dag.id(), s);
    }

    /**
     * Takes the catalog's DAGs again after a change (a bundle deployed or undeployed): plans the next due point of
     * each new DAG and of each DAG whose schedule changed, forgets DAGs that left or lost their schedule (they get no
     * new runs), then wakes the watcher.
     *
     * @param now the time of the change
     */
    public void refresh(Instant now) {
        lock.lock();
        try {
            registry = catalog.current();
            for (String dagId : List.copyOf(nextDue.keySet())) {
                if (registry.find(dagId).flatMap(Dag::schedule).isEmpty()) {
                    nextDue.remove(dagId);
                    schedules.remove(dagId);
                }
            }
            for (Dag dag : registry.dags()) {
                if (dag.schedule().isPresent() && !dag.schedule().get().equals(schedules.get(dag.id()))) {
                    plan(dag, now);
                }
            }
        } finally {
            lock.unlock();
        }
        assets.init(); // new consumers of assets watch them from now on
        wake();
    }

    /**
     * @return the DAGs new runs use, as of the last {@link #refresh}
     */
    public DagRegistry registry() {
        lock.lock();
        try {
            return registry;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG
     * @return its next due schedule point, empty when it has no schedule
     */
    public Optional<Instant> nextDue(String dagId) {
        lock.lock();
        try {
            return Optional.ofNullable(nextDue.get(dagId));
        } finally {
            lock.unlock();
        }
    }

    /**
     * One pass: creates runs for due points of unpaused DAGs, starts admitted runs.
     *
     * @param now the time of the pass
     * @return the earliest next due point of an unpaused DAG, or null when none
     */
    public Instant runOnce(Instant now) {
        List<ScheduleEvent> events = new ArrayList<>();
        List<RunAdmission.Waiting> toStart = new ArrayList<>();
        Cancels cancels = new Cancels(new ArrayList<>(), new ArrayList<>());
        Instant earliest = null;
        lock.lock();
        try {
            DagRegistry registry = this.registry;
            for (Map.Entry<String, Instant> e : nextDue.entrySet()) {
                String dagId = e.getKey();
                if (admission.paused(dagId)) {
                    continue;
                }
                Instant due = e.getValue();
                if (!due.isAfter(now)) {
                    due = createDueRuns(registry.find(dagId).orElseThrow(), due, now, events, toStart, cancels);
                    e.setValue(due);
                }
                if (earliest == null || due.isBefore(earliest)) {
                    earliest = due;
                }
            }
        } finally {
            lock.unlock();
        }
        assets.pass(now, events, toStart);
        cancel(cancels, events, now);
        if (!events.isEmpty()) {
            store.scheduleEvents().insert(events);
        }
        List<RunStarter.Start> starts = new ArrayList<>(toStart.size());
        for (RunAdmission.Waiting w : toStart) {
            startOf(w, false).ifPresent(starts::add);
        }
        for (RunAdmission.Waiting w : admission.admit()) {
            startOf(w, true).ifPresent(starts::add);
        }
        if (backfills != null && backfills.feed(starts)) {
            earliest = now; // more backfill points to process at once: pass again
        }
        starter.startAll(starts);
        return earliest;
    }

    /**
     * A waiting run to start, on the DAG version recorded on it; empty (its slot given back, the run left in the
     * store as it is) when that version cannot be had.
     */
    private Optional<RunStarter.Start> startOf(RunAdmission.Waiting w, boolean queued) {
        Optional<Dag> dag;
        try {
            dag = catalog.dag(w.dagId(), w.bundleHash());
        } catch (RuntimeException e) {
            dag = Optional.empty();
            LOG.log(Level.ERROR, "Run " + w.runId() + ": " + e.getMessage());
        }
        if (dag.isEmpty()) {
            LOG.log(Level.ERROR, "Run " + w.runId() + " of DAG '" + w.dagId() + "' (bundle version "
                    + w.bundleHash().orElse("none") + ") cannot start: that DAG version is not to be had; it stays "
                    + (queued ? "QUEUED" : "SCHEDULED") + " and is tried again on the next start");
            admission.release(new RunAdmission.Slot(w.dagId(), w.backfill()));
            return Optional.empty();
        }
        return Optional.of(new RunStarter.Start(dag.get(), w.runId(), w.logicalTime(), w.paramsJson(), queued,
                w.backfill(), w.bundleHash()));
    }

    /**
     * The runs an overlap policy cancels in a pass: active ones (in memory) and QUEUED ones (taken out
     * of the line), each with the OVERLAP_CANCELLED event that records it (dropped when the run finished
     * on its own meanwhile, or the cancellation failed).
     */
    private record Cancels(List<Cancel<RunState>> active, List<Cancel<RunAdmission.Waiting>> queued) {
    }

    /** A run to cancel and its event. */
    private record Cancel<T>(T run, ScheduleEvent event) {
    }

    private Instant createDueRuns(Dag dag, Instant due, Instant now, List<ScheduleEvent> events,
                                  List<RunAdmission.Waiting> toStart, Cancels cancels) {
        Schedule s = dag.schedule().orElseThrow();
        Instant p = due;
        if (!dag.catchUp()) {
            p = skipToLatestDue(dag.id(), s, p, now, events);
        } else if (dag.catchUpWindow().isPresent()) {
            p = skipBeforeWindow(dag.id(), s, p, now.minus(dag.catchUpWindow().get()), now, events);
        }
        boolean allow = dag.overlap() == OverlapPolicy.ALLOW;
        int waiting = allow ? 0 : admission.queued(dag.id());
        int unfinished = allow ? 0 : admission.activeOutsideBackfills(dag.id()) + waiting;
        for (int created = 0; created < MAX_RUNS_PER_PASS && !p.isAfter(now); created++) {
            Instant next = s.next(p);
            ScheduleEventType type = next.isAfter(now) ? ScheduleEventType.REGULAR : ScheduleEventType.CAUGHT_UP;
            switch (OverlapDecision.decide(dag.overlap(), unfinished, waiting, !next.isAfter(now))) {
                case RUN -> {
                    events.add(new ScheduleEvent(dag.id(), type, Optional.of(p), Optional.of(next), now));
                    if (insertRun(dag, p, "{}", type, now, toStart)) {
                        unfinished++;
                    }
                }
                case BUFFER -> {
                    events.add(new ScheduleEvent(dag.id(), ScheduleEventType.OVERLAP_BUFFERED, Optional.of(p),
                            Optional.of(next), now));
                    if (insertRun(dag, p, "{}", type, now, toStart)) {
                        unfinished++;
                        waiting++;
                    }
                }
                case SKIP -> events.add(new ScheduleEvent(dag.id(), ScheduleEventType.OVERLAP_SKIPPED, Optional.of(p),
                        Optional.of(next), now));
                case CANCEL_AND_RUN -> {
                    cancelUnfinished(dag.id(), p, now, events, cancels);
                    events.add(new ScheduleEvent(dag.id(), type, Optional.of(p), Optional.of(next), now));
                    unfinished = insertRun(dag, p, "{}", type, now, toStart) ? 1 : 0;
                    waiting = unfinished;
                }
            }
            p = next;
        }
        return p;
    }

    /**
     * Collects the DAG's unfinished runs for cancellation, with an OVERLAP_CANCELLED event each: its
     * active runs and, taken out of the waiting line, its QUEUED ones. Caller holds the lock.
     */
    private void cancelUnfinished(String dagId, Instant point, Instant now, List<ScheduleEvent> events, Cancels cancels) {
        for (RunState rs : runs.runs()) {
            if (rs.dag().id().equals(dagId) && !rs.slot().backfill()) {
                ScheduleEvent e = new ScheduleEvent(dagId, ScheduleEventType.OVERLAP_CANCELLED,
                        Optional.of(rs.logicalTime()), Optional.of(point), now);
                cancels.active().add(new Cancel<>(rs, e));
                events.add(e);
            }
        }
        for (RunAdmission.Waiting w : admission.drainQueued(dagId)) {
            ScheduleEvent e = new ScheduleEvent(dagId, ScheduleEventType.OVERLAP_CANCELLED, Optional.of(w.logicalTime()),
                    Optional.of(point), now);
            cancels.queued().add(new Cancel<>(w, e));
            events.add(e);
        }
    }

    /**
     * Cancels what the pass decided to cancel (outside the lock: each run under its own lock); the
     * event of a run not cancelled (finished meanwhile, or the store failed) is taken back.
     */
    private void cancel(Cancels cancels, List<ScheduleEvent> events, Instant now) {
        for (Cancel<RunState> c : cancels.active()) {
            RunState rs = c.run();
            try {
                if (!cancellation.cancel(rs)) {
                    events.remove(c.event());
                }
            } catch (RuntimeException e) {
                events.remove(c.event());
                LOG.log(Level.WARNING, "Could not cancel run " + rs.runId() + " of DAG '" + rs.dag().id()
                        + "' for its overlap policy; the new run waits until it ends", e);
            }
        }
        for (Cancel<RunAdmission.Waiting> c : cancels.queued()) {
            RunAdmission.Waiting w = c.run();
            try {
                if (!cancellation.cancelQueued(w, now)) {
                    events.remove(c.event());
                }
            } catch (RuntimeException e) {
                events.remove(c.event());
                LOG.log(Level.WARNING, "Could not cancel QUEUED run " + w.runId() + " of DAG '" + w.dagId()
                        + "' for its overlap policy; it waits again", e);
                admission.enqueue(w);
            }
        }
    }

    /**
     * Records the missed points before {@code cutoff} (the start of the catch-up window) as SKIPPED,
     * bounded like {@link #skipToLatestDue}, and returns the first point at or after it.
     */
    private static Instant skipBeforeWindow(String dagId, Schedule s, Instant p, Instant cutoff, Instant now,
                                            List<ScheduleEvent> events) {
        int skipped = 0;
        while (p.isBefore(cutoff)) {
            if (skipped == MAX_SKIPPED_EVENTS) {
                Instant last = latestPointAtOrBefore(s, p, cutoff);
                Instant first = last.equals(cutoff) ? last : s.next(last);
                events.add(new ScheduleEvent(dagId, ScheduleEventType.OUT_OF_BAND, Optional.of(p), Optional.of(first), now));
                return first;
            }
            Instant next = s.next(p);
            events.add(new ScheduleEvent(dagId, ScheduleEventType.SKIPPED, Optional.of(p), Optional.of(next), now));
            skipped++;
            p = next;
        }
        return p;
    }

    /** Records missed points before the latest due one as SKIPPED and returns that latest point. */
    private static Instant skipToLatestDue(String dagId, Schedule s, Instant p, Instant now, List<ScheduleEvent> events) {
        int skipped = 0;
        Instant next = s.next(p);
        while (!next.isAfter(now)) {
            if (skipped == MAX_SKIPPED_EVENTS) {
                Instant latest = latestPointAtOrBefore(s, p, now);
                events.add(new ScheduleEvent(dagId, ScheduleEventType.OUT_OF_BAND, Optional.of(p), Optional.of(latest), now));
                return latest;
            }
            events.add(new ScheduleEvent(dagId, ScheduleEventType.SKIPPED, Optional.of(p), Optional.of(next), now));
            skipped++;
            p = next;
            next = s.next(p);
        }
        return p;
    }

    /** The last schedule point at or before {@code now}, given a point {@code p <= now}: binary search on next(). */
    static Instant latestPointAtOrBefore(Schedule s, Instant p, Instant now) {
        // invariant: next(lo) <= now (or lo = p), next(hi) > now
        Instant lo = p;
        Instant hi = now;
        while (ChronoUnit.NANOS.between(lo, hi) > 1) {
            Instant mid = lo.plusNanos(ChronoUnit.NANOS.between(lo, hi) / 2);
            if (s.next(mid).isAfter(now)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Instant cand = s.next(lo);
        return cand.isAfter(now) ? lo : cand;
    }

    /** @return false when the DAG already has a run at that logical time (none is created) */
    private boolean insertRun(Dag dag, Instant logicalTime, String params, ScheduleEventType type, Instant now,
                              List<RunAdmission.Waiting> toStart) {
        boolean admitted = admission.tryAcquire(dag.id());
        DagRunStatus status = admitted ? DagRunStatus.SCHEDULED : DagRunStatus.QUEUED;
        long runId;
        try {
            runId = store.dagRuns().insert(new NewDagRun(dag.id(), logicalTime, status, params, type, dag.size(), now,
                    catalog.bundleHash(dag)));
        } catch (DuplicateKeyException e) {
            LOG.log(Level.WARNING, "DAG '" + dag.id() + "' already has a run at " + logicalTime + "; not creating another");
            if (admitted) {
                admission.release(new RunAdmission.Slot(dag.id(), false));
            }
            return false;
        }
        RunAdmission.Waiting w = new RunAdmission.Waiting(dag.id(), runId, logicalTime, params, false,
                catalog.bundleHash(dag));
        if (admitted) {
            toStart.add(w);
        } else {
            admission.enqueue(w);
        }
        return true;
    }

    /**
     * Creates a triggered run at {@code now} (moved by a microsecond if the DAG already has a run at
     * that instant) and starts it when a slot is free.
     *
     * @param dag the DAG
     * @param paramsJson the parameters (a valid JSON object)
     * @param now the trigger time
     * @return the run id
     */
    public long trigger(Dag dag, String paramsJson, Instant now) {
        return trigger(dag, paramsJson, now, now);
    }

    /**
     * Creates a triggered run at the logical time {@code logicalTime} (moved by a microsecond if the
     * DAG already has a run at that instant) and starts it when a slot is free.
     *
     * @param dag the DAG
     * @param paramsJson the parameters (a valid JSON object)
     * @param logicalTime the run's logical time
     * @param now the trigger time
     * @return the run id
     */
    public long trigger(Dag dag, String paramsJson, Instant logicalTime, Instant now) {
        return trigger(dag, paramsJson, logicalTime, now, Optional.empty());
    }

    /**
     * As {@link #trigger(Dag, String, Instant, Instant)}, with the audit row of the action written in
     * the transaction that inserts the run (its target gets the run id, its after state the run's
     * first status).
     *
     * @param dag the DAG
     * @param paramsJson the parameters (a valid JSON object)
     * @param logicalTime the run's logical time
     * @param now the trigger time
     * @param audit the operator action, if any
     * @return the run id
     */
    public long trigger(Dag dag, String paramsJson, Instant logicalTime, Instant now, Optional<AuditEntry> audit) {
        Instant t = logicalTime.truncatedTo(ChronoUnit.MICROS);
        for (int tries = 0; ; tries++) {
            if (store.dagRuns().find(dag.id(), t).isEmpty() || tries > 1000) {
                break;
            }
            t = t.plus(1, ChronoUnit.MICROS);
        }
        store.scheduleEvents().insert(List.of(new ScheduleEvent(dag.id(), ScheduleEventType.MANUALLY_TRIGGERED,
                Optional.of(t), Optional.of(t), now)));
        boolean admitted = admission.tryAcquire(dag.id());
        long runId;
        try {
            DagRunStatus first = admitted ? DagRunStatus.SCHEDULED : DagRunStatus.QUEUED;
            runId = store.dagRuns().insert(new NewDagRun(dag.id(), t, first, paramsJson, ScheduleEventType.MANUALLY_TRIGGERED,
                    dag.size(), now, catalog.bundleHash(dag)), audit.map(a -> a.withAfter(first.name())));
        } catch (RuntimeException e) {
            if (admitted) {
                admission.release(new RunAdmission.Slot(dag.id(), false));
            }
            throw e;
        }
        if (admitted) {
            starter.startAll(List.of(new RunStarter.Start(dag, runId, t, paramsJson, false, false, catalog.bundleHash(dag))));
        } else {
            admission.enqueue(new RunAdmission.Waiting(dag.id(), runId, t, paramsJson, false, catalog.bundleHash(dag)));
        }
        return runId;
    }

    /**
     * Creates many triggered runs of a DAG (a batch trigger, see {@link BatchTrigger}): one store
     * read for the logical times, one transaction per chunk of runs, the same admission as
     * {@link #trigger(Dag, String, Instant, Instant, Optional)}.
     *
     * @param dag the DAG
     * @param params each run's parameters (valid JSON objects)
     * @param logicalTimes each run's logical time, empty for {@code now}
     * @param now the trigger time
     * @param audit the action's audit row (its after state is set per chunk)
     * @return the run ids, in order
     */
    public List<Long> triggerBatch(Dag dag, List<String> params, List<Optional<Instant>> logicalTimes, Instant now,
                                   AuditEntry audit) {
        return batch.trigger(dag, params, logicalTimes, now, audit);
    }

    /**
     * The loop body: a pass, then sleep until the earliest due point or a wake.
     *
     * @throws InterruptedException when interrupted
     */
    public void step() throws InterruptedException {
        waiter.awaitUntil(runOnce(clock.instant()), clock);
    }

    /** Makes the loop run a pass now (a run finished, a DAG was unpaused, the clock was moved). */
    public void wake() {
        waiter.wake();
    }

    /** @return how often the loop woke up */
    public long wakeUps() {
        return waiter.wakeUps();
    }
}
