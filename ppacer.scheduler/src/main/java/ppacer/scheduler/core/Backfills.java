package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.BackfillRecord;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.BackfillStep;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewBackfill;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.scheduler.model.Actor;
import ppacer.scheduler.model.BackfillPlan;
import ppacer.scheduler.model.BackfillProgress;
import ppacer.scheduler.model.BackfillRequest;
import ppacer.scheduler.model.BackfillThrottle;
import ppacer.scheduler.model.DagCatalog;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.UnknownIdException;

/**
 * Backfills: runs of a DAG over a past logical-time range, created lazily by the watcher's passes.
 *
 * <p>The schedule points of the range are processed one after another from the backfill's stored
 * cursor, in logical-time order (or reverse). At each point {@link #decide} says what happens: no
 * run yet, a new run (trigger {@link ScheduleEventType#BACKFILL}); a finished run, a restart when
 * the reprocess option asks for it, else a skip; an unfinished run, a skip (a logical time never
 * has two runs). The step and the cursor's move are one store transaction
 * ({@link ppacer.api.spi.BackfillStore#advance}), so a crash neither repeats nor loses a point.
 *
 * <p>At most {@code maxActive} runs of a backfill are unfinished at a time: a pass processes points
 * only while fewer are. Its runs then compete for the DAG's max active runs behind its scheduled
 * and triggered runs ({@link RunAdmission#tryAcquireBackfill}). A dry run ({@link #plan}) walks the
 * same points with the same {@link #decide}, changing nothing.
 *
 * <p>Cancel stops creating runs; the runs already created finish (there is no run cancel). A paused
 * backfill, or a backfill of a paused DAG, creates nothing until resumed or unpaused. Once every
 * point is processed and its runs finished, the backfill is SUCCEEDED, or FAILED when one of its
 * runs failed.
 */
public final class Backfills {
    /** Most points a backfill may cover without {@code force}. */
    public static final int MAX_POINTS = 100_000;
    /** Most points a backfill may cover with {@code force}: counting them is the request's work. */
    public static final int MAX_FORCED_POINTS = 1_000_000;
    /** Most points one pass processes per backfill before the watcher passes again. */
    static final int MAX_STEPS_PER_PASS = 500;
    private static final System.Logger LOG = System.getLogger(Backfills.class.getName());
    private static final EnumSet<BackfillState> ACTIVE = EnumSet.of(BackfillState.RUNNING, BackfillState.PAUSED);
    private static final int CAS_TRIES = 100;
    /** The error of the attempts and the reason of the tasks a cancel with runs ends. */
    public static final String CANCELLED = "cancelled with its backfill";

    private final Store store;
    private final DagCatalog catalog;
    private final RunAdmission admission;
    private final OperatorActions actions;
    private final InstantSource clock;
    private final Runnable wake;
    private final RunCancellation cancellation;
    /** Incremented by each create and resume, after its write. */
    private final AtomicLong changes = new AtomicLong();
    /**
     * The value of {@link #changes} read before a pass that found no RUNNING backfill: until it
     * changes, passes skip the read.
     */
    private volatile long idleAt = -1;

    /**
     * @param store the store (the leader's fenced view)
     * @param catalog the DAGs
     * @param admission run slots
     * @param actions restarts runs the backfill reruns
     * @param clock the clock
     * @param wake makes the watcher pass again (after a create or resume)
     */
    public Backfills(Store store, DagCatalog catalog, RunAdmission admission, OperatorActions actions,
                     InstantSource clock, Runnable wake) {
        this.store = store;
        this.catalog = catalog;
        this.admission = admission;
        this.actions = actions;
        this.clock = clock;
        this.wake = wake;
        this.cancellation = new RunCancellation(actions.coordinator(), CANCELLED);
    }

    /**
     * What happens at a point, given the run it has (the one decision of the dry run and the real
     * backfill).
     *
     * @param reprocess the backfill's option
     * @param existing the run at the point, if any
     * @return the action
     */
    public static BackfillPlan.Action decide(BackfillReprocess reprocess, Optional<DagRunRecord> existing) {
        if (existing.isEmpty()) {
            return BackfillPlan.Action.CREATE;
        }
        DagRunStatus status = existing.get().status();
        if (!status.isTerminal()) {
            return BackfillPlan.Action.SKIP;
        }
        return switch (reprocess) {
            case NONE -> BackfillPlan.Action.SKIP;
            case FAILED -> status == DagRunStatus.FAILED ? BackfillPlan.Action.RERUN : BackfillPlan.Action.SKIP;
            case ALL -> BackfillPlan.Action.RERUN;
        };
    }

    /**
     * The dry run: validates the request as {@link #create} does and decides every point now,
     * changing nothing (at most {@value #MAX_POINTS} points, also with {@code force}).
     *
     * @param r the request
     * @return the plan
     */
    public BackfillPlan plan(BackfillRequest r) {
        Valid v = validate(r);
        if (v.points() > MAX_POINTS) {
            throw InvalidInputException.ofField("dryRun", "A dry run lists at most " + MAX_POINTS + " points; the range from "
                    + r.from() + " to " + r.to() + " holds " + v.points() + "; narrow it to preview it");
        }
        Dag dag = v.dag();
        Schedule s = dag.schedule().orElseThrow();
        List<BackfillPlan.Point> points = new ArrayList<>();
        for (Optional<Instant> p = firstPoint(s, r.from(), r.to(), r.reverse()); p.isPresent();
             p = nextPoint(s, r.from(), r.to(), r.reverse(), p.get())) {
            Optional<DagRunRecord> existing = store.dagRuns().find(dag.id(), p.get());
            points.add(new BackfillPlan.Point(p.get(), decide(r.reprocess(), existing), existing.map(DagRunRecord::runId),
                    existing.map(DagRunRecord::status)));
        }
        return new BackfillPlan(dag.id(), List.copyOf(points), admission.paused(dag.id()));
    }

    /**
     * Stores a new RUNNING backfill; the watcher creates its runs from its next pass on.
     *
     * @param r the request
     * @return the stored backfill
     * @throws UnknownIdException when the DAG is unknown
     * @throws InvalidInputException when the request is not valid (see the README's list)
     * @throws InvalidStateException when an active backfill of the DAG overlaps the range and overlap is not allowed
     */
    public BackfillRecord create(BackfillRequest r) {
        return create(r, Actor.named(r.createdBy()));
    }

    /**
     * As {@link #create(BackfillRequest)}, with the audit row (action {@code backfill.create}) in the
     * transaction that inserts the backfill.
     *
     * @param r the request
     * @param by who asks
     * @return the stored backfill
     */
    public BackfillRecord create(BackfillRequest r, Actor by) {
        Valid v = validate(r);
        Dag dag = v.dag();
        Schedule s = dag.schedule().orElseThrow();
        Optional<Instant> first = firstPoint(s, r.from(), r.to(), r.reverse());
        int total = v.points();
        Instant now = clock.instant();
        long id = store.backfills().insert(new NewBackfill(dag.id(), r.from(), r.to(), r.maxActive(), r.reprocess(),
                r.reverse(), r.paramsJson(), r.createdBy(), now, first, total), Optional.of(by.entry(now, "backfill.create",
                AuditTarget.dag(dag.id()), Optional.empty(), Optional.of(BackfillState.RUNNING.name() + " " + r.from() + " to "
                + r.to() + ", " + total + " points"))));
        LOG.log(Level.INFO, "Backfill " + id + " of DAG '" + dag.id() + "' from " + r.from() + " to " + r.to() + ": "
                + total + " points, max active " + r.maxActive() + ", reprocess " + r.reprocess() + (r.reverse() ? ", reverse" : "")
                + ", by " + r.createdBy());
        changes.incrementAndGet();
        wake.run();
        return store.backfills().find(id).orElseThrow();
    }

    /** A valid request's DAG and the number of points of its range. */
    private record Valid(Dag dag, int points) {
    }

    private Valid validate(BackfillRequest r) {
        DagRegistry registry = catalog.current();
        Dag dag = registry.find(r.dagId()).orElseThrow(() -> new UnknownIdException("Unknown DAG '" + r.dagId()
                + "'; known DAGs: " + registry.dags().stream().map(Dag::id).toList()));
        if (dag.schedule().isEmpty()) {
            throw new InvalidInputException("DAG '" + dag.id() + "' has no schedule, so it has no schedule points to "
                    + "backfill; trigger runs of it instead (ppacer trigger " + dag.id() + " --logical-time T)");
        }
        if (r.from().isAfter(r.to())) {
            throw InvalidInputException.ofField("from", "from " + r.from() + " is after to " + r.to()
                    + "; expected from <= to");
        }
        Instant now = clock.instant();
        if (r.to().isAfter(now)) {
            throw InvalidInputException.ofField("to", "to " + r.to() + " is in the future (now is " + now
                    + "); a backfill covers past schedule points only");
        }
        if (r.maxActive() < 1) {
            throw InvalidInputException.ofField("maxActive", "maxActive " + r.maxActive() + " must be at least 1");
        }
        RunParams.problem(r.paramsJson()).ifPresent(problem -> {
            throw InvalidInputException.ofField("params", "Run parameters for DAG '" + dag.id()
                    + "' must be a JSON object: " + problem);
        });
        Schedule s = dag.schedule().get();
        int n = count(s, r.from(), r.to(), (r.force() ? MAX_FORCED_POINTS : MAX_POINTS) + 1);
        if (n == 0) {
            throw InvalidInputException.ofField("from", "DAG '" + dag.id() + "' (schedule " + s.describe()
                    + ") has no schedule point from " + r.from() + " to " + r.to() + "; expected a range with at least one");
        }
        if (n > MAX_POINTS && !r.force()) {
            throw InvalidInputException.ofField("to", "The range from " + r.from() + " to " + r.to() + " holds more than "
                    + MAX_POINTS + " schedule points of DAG '" + dag.id() + "'; narrow it or pass force");
        }
        if (n > MAX_FORCED_POINTS) {
            throw InvalidInputException.ofField("to", "The range from " + r.from() + " to " + r.to() + " holds more than "
                    + MAX_FORCED_POINTS + " schedule points of DAG '" + dag.id() + "', the most a backfill covers even with "
                    + "force; split it");
        }
        if (!r.allowOverlap()) {
            for (BackfillRecord b : store.backfills().list(Optional.of(dag.id()), ACTIVE)) {
                if (!b.from().isAfter(r.to()) && !r.from().isAfter(b.to())) {
                    throw new InvalidStateException("Backfill " + b.id() + " of DAG '" + dag.id() + "' (" + b.state()
                            + ", " + b.from() + " to " + b.to() + ") overlaps the range " + r.from() + " to " + r.to()
                            + "; cancel it first or allow overlap");
                }
            }
        }
        return new Valid(dag, n);
    }

    /** The number of points in the range, counting at most {@code limit}. */
    static int count(Schedule s, Instant from, Instant to, int limit) {
        int n = 0;
        for (Optional<Instant> p = firstPoint(s, from, to, false); p.isPresent() && n < limit;
             p = nextPoint(s, from, to, false, p.get())) {
            n++;
        }
        return n;
    }

    /** The first point to process: the earliest in the range, or the latest one when reverse. */
    static Optional<Instant> firstPoint(Schedule s, Instant from, Instant to, boolean reverse) {
        Instant earliest = s.next(from.minusNanos(1));
        if (earliest.isAfter(to)) {
            return Optional.empty();
        }
        return Optional.of(reverse ? DagRunWatcher.latestPointAtOrBefore(s, earliest, to) : earliest);
    }

    /** The point processed after {@code p}: the next one in the range, or the previous one when reverse. */
    static Optional<Instant> nextPoint(Schedule s, Instant from, Instant to, boolean reverse, Instant p) {
        if (!reverse) {
            Instant next = s.next(p);
            return next.isAfter(to) ? Optional.empty() : Optional.of(next);
        }
        Instant earliest = s.next(from.minusNanos(1));
        if (!earliest.isBefore(p)) {
            return Optional.empty();
        }
        return Optional.of(DagRunWatcher.latestPointAtOrBefore(s, earliest, p.minusNanos(1)));
    }

    /**
     * One pass over the RUNNING backfills (called by the watcher after its due runs): processes
     * points while a backfill has fewer than max-active unfinished runs, and finishes backfills whose
     * points and runs are all done. Runs admitted at once are added to {@code starts}.
     *
     * @param starts the runs the pass starts
     * @return true when a backfill has points left that this pass did not reach for lack of time
     *     (not for lack of slots): the watcher passes again at once
     */
    boolean feed(List<RunStarter.Start> starts) {
        long seen = changes.get();
        if (idleAt == seen) {
            return false;
        }
        List<BackfillRecord> running;
        try {
            running = store.backfills().list(Optional.empty(), EnumSet.of(BackfillState.RUNNING));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the running backfills; trying again at the next pass", e);
            return false;
        }
        if (running.isEmpty()) {
            idleAt = seen; // a create or resume after the read of seen makes the next pass read again
            return false;
        }
        boolean more = false;
        for (BackfillRecord b : running.reversed()) { // oldest first
            try {
                more |= feed(b, starts);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Backfill " + b.id() + " of DAG '" + b.dagId() + "' could not go on; trying "
                        + "again at the next pass", e);
            }
        }
        return more;
    }

    private boolean feed(BackfillRecord start, List<RunStarter.Start> starts) {
        Optional<Dag> found = catalog.current().find(start.dagId());
        if (found.isEmpty() || found.get().schedule().isEmpty() || admission.paused(start.dagId())) {
            return false; // the DAG left the registry, or is paused: the backfill waits
        }
        Dag dag = found.get();
        Schedule s = dag.schedule().get();
        BackfillRecord b = start;
        long unfinished = unfinished(store.backfills().runCounts(b.id()));
        for (int steps = 0; steps < MAX_STEPS_PER_PASS; steps++) {
            if (b.state() != BackfillState.RUNNING) {
                return false;
            }
            if (b.cursor().isEmpty()) {
                if (unfinished == 0) {
                    finish(b);
                }
                return false;
            }
            if (unfinished >= b.maxActive()) {
                return false; // throttled: a run of it finishing wakes the watcher
            }
            Instant t = b.cursor().get();
            Optional<DagRunRecord> existing = store.dagRuns().find(dag.id(), t);
            Optional<Instant> next = nextPoint(s, b.from(), b.to(), b.reverse(), t);
            Instant now = clock.instant();
            switch (decide(b.reprocess(), existing)) {
                case SKIP -> store.backfills().advance(b.id(), b.version(), new BackfillStep.Skip(), next, now);
                case CREATE -> {
                    if (create(b, dag, t, next, now, starts)) {
                        unfinished++;
                    }
                }
                case RERUN -> {
                    if (!admission.tryAcquireBackfill(dag.id())) {
                        return false; // the DAG's slots are taken: a finishing run wakes the watcher
                    }
                    DagRunRecord run = existing.orElseThrow();
                    OptionalLong applied;
                    try {
                        applied = store.backfills().advance(b.id(), b.version(),
                                new BackfillStep.Rerun(run.runId(), run.status()), next, now);
                    } catch (RuntimeException e) {
                        admission.release(new RunAdmission.Slot(dag.id(), true));
                        throw e;
                    }
                    if (applied.isEmpty()) {
                        admission.release(new RunAdmission.Slot(dag.id(), true));
                    } else {
                        unfinished++;
                        actions.rerun(run.runId(), b.reprocess() == BackfillReprocess.ALL);
                    }
                }
            }
            // the step applied, or the backfill or the run changed meanwhile: read it again and decide again
            b = store.backfills().find(b.id()).orElseThrow();
        }
        return b.state() == BackfillState.RUNNING && b.cursor().isPresent() && unfinished < b.maxActive();
    }

    /** Creates the run at {@code t}: started at once when a slot is free and nothing waits, else queued. */
    private boolean create(BackfillRecord b, Dag dag, Instant t, Optional<Instant> next, Instant now,
                           List<RunStarter.Start> starts) {
        boolean admitted = admission.tryAcquireBackfill(dag.id());
        OptionalLong runId;
        try {
            runId = store.backfills().advance(b.id(), b.version(), new BackfillStep.Create(new NewDagRun(dag.id(), t,
                    admitted ? DagRunStatus.SCHEDULED : DagRunStatus.QUEUED, b.paramsJson(), ScheduleEventType.BACKFILL,
                    dag.size(), now, catalog.bundleHash(dag))), next, now);
        } catch (DuplicateKeyException e) {
            // a run appeared at t meanwhile (the schedule, a trigger): the point is decided again
            runId = OptionalLong.empty();
        } catch (RuntimeException e) {
            if (admitted) {
                admission.release(new RunAdmission.Slot(dag.id(), true));
            }
            throw e;
        }
        if (runId.isEmpty()) {
            if (admitted) {
                admission.release(new RunAdmission.Slot(dag.id(), true));
            }
            return false;
        }
        if (admitted) {
            starts.add(new RunStarter.Start(dag, runId.getAsLong(), t, b.paramsJson(), false, true, catalog.bundleHash(dag)));
        } else {
            admission.enqueue(new RunAdmission.Waiting(dag.id(), runId.getAsLong(), t, b.paramsJson(), true,
                    catalog.bundleHash(dag)));
        }
        return true;
    }

    private void finish(BackfillRecord b) {
        Map<DagRunStatus, Long> counts = store.backfills().runCounts(b.id());
        if (unfinished(counts) > 0) {
            return;
        }
        BackfillState end = counts.getOrDefault(DagRunStatus.FAILED, 0L) > 0 ? BackfillState.FAILED : BackfillState.SUCCEEDED;
        if (store.backfills().setState(b.id(), b.version(), end, clock.instant())) {
            LOG.log(Level.INFO, "Backfill " + b.id() + " of DAG '" + b.dagId() + "' is " + end + ": "
                    + b.created() + " runs created, " + b.rerun() + " rerun, " + b.skipped() + " skipped, "
                    + counts.getOrDefault(DagRunStatus.FAILED, 0L) + " failed");
        }
    }

    private static long unfinished(Map<DagRunStatus, Long> counts) {
        long n = 0;
        for (Map.Entry<DagRunStatus, Long> e : counts.entrySet()) {
            if (!e.getKey().isTerminal()) {
                n += e.getValue();
            }
        }
        return n;
    }

    /**
     * @param id a backfill
     * @return it with the progress of its runs
     * @throws UnknownIdException when unknown
     */
    public BackfillProgress progress(long id) {
        return progress(find(id));
    }

    /**
     * @param b a stored backfill
     * @return it with the progress of its runs
     */
    public BackfillProgress progress(BackfillRecord b) {
        return progress(store, b, catalog.current().find(b.dagId()).isPresent() && admission.paused(b.dagId()));
    }

    /**
     * The progress of a backfill read from a store (also when this scheduler does not lead).
     *
     * @param store the store
     * @param b the backfill
     * @param dagPaused whether its DAG is paused
     * @return the progress
     */
    public static BackfillProgress progress(Store store, BackfillRecord b, boolean dagPaused) {
        Map<DagRunStatus, Long> counts = store.backfills().runCounts(b.id());
        return new BackfillProgress(b, counts.getOrDefault(DagRunStatus.SUCCESS, 0L), counts.getOrDefault(DagRunStatus.FAILED, 0L),
                unfinished(counts), dagPaused);
    }

    private BackfillRecord find(long id) {
        return store.backfills().find(id).orElseThrow(() -> new UnknownIdException("Unknown backfill " + id));
    }

    /**
     * Cancels a RUNNING or PAUSED backfill: it creates no more runs; its created runs finish.
     *
     * @param id the backfill
     * @return the backfill after the change
     */
    public BackfillRecord cancel(long id) {
        return cancel(id, false);
    }

    /**
     * Cancels a RUNNING or PAUSED backfill: it creates no more runs. With {@code cancelRuns} its
     * unfinished runs are cancelled as well (as the overlap policy CANCEL_OTHER cancels a run: queued
     * and running attempts end FAILED, pending tasks UPSTREAM_FAILED, teardowns still run, the run
     * ends FAILED; a QUEUED run goes to FAILED), with the error {@value #CANCELLED}; else they finish.
     * A run being started at that very moment may escape and finish.
     *
     * @param id the backfill
     * @param cancelRuns whether its unfinished runs are cancelled too
     * @return the backfill after the change
     */
    public BackfillRecord cancel(long id, boolean cancelRuns) {
        return cancel(id, cancelRuns, Actor.JAVA);
    }

    /**
     * As {@link #cancel(long, boolean)}, with the audit row (action {@code backfill.cancel}) in the
     * transaction of the state's compare-and-set.
     *
     * @param id the backfill
     * @param cancelRuns whether its unfinished runs are cancelled too
     * @param by who cancels it
     * @return the backfill after the change
     */
    public BackfillRecord cancel(long id, boolean cancelRuns, Actor by) {
        BackfillRecord b = change(id, EnumSet.of(BackfillState.RUNNING, BackfillState.PAUSED), BackfillState.CANCELLED,
                by, "backfill.cancel", cancelRuns ? " (its unfinished runs cancelled)" : "");
        if (!cancelRuns || catalog.current().find(b.dagId()).isEmpty()) {
            return b;
        }
        Instant now = clock.instant();
        int cancelled = 0;
        for (RunAdmission.Waiting w : admission.drainBackfill(b.dagId(), runId -> ofThis(runId, id))) {
            if (cancellation.cancelQueued(w, now)) {
                cancelled++;
            }
        }
        for (RunState rs : List.copyOf(actions.activeRuns())) {
            if (rs.dag().id().equals(b.dagId()) && ofThis(rs.runId(), id) && cancellation.cancel(rs)) {
                cancelled++;
            }
        }
        LOG.log(Level.INFO, "Backfill " + id + " of DAG '" + b.dagId() + "' cancelled with its runs: " + cancelled
                + " unfinished run(s) cancelled");
        return find(id);
    }

    private boolean ofThis(long runId, long backfillId) {
        return store.backfills().backfillOf(runId).orElse(-1) == backfillId;
    }

    /**
     * Pauses a RUNNING backfill: it creates no runs until resumed; its created runs go on.
     *
     * @param id the backfill
     * @return the backfill after the change
     */
    public BackfillRecord pause(long id) {
        return pause(id, Actor.JAVA);
    }

    /**
     * As {@link #pause(long)}, with the audit row (action {@code backfill.pause}).
     *
     * @param id the backfill
     * @param by who pauses it
     * @return the backfill after the change
     */
    public BackfillRecord pause(long id, Actor by) {
        return change(id, EnumSet.of(BackfillState.RUNNING), BackfillState.PAUSED, by, "backfill.pause", "");
    }

    /**
     * Resumes a PAUSED backfill from its cursor.
     *
     * @param id the backfill
     * @return the backfill after the change
     */
    public BackfillRecord resume(long id) {
        return resume(id, Actor.JAVA);
    }

    /**
     * As {@link #resume(long)}, with the audit row (action {@code backfill.resume}).
     *
     * @param id the backfill
     * @param by who resumes it
     * @return the backfill after the change
     */
    public BackfillRecord resume(long id, Actor by) {
        BackfillRecord b = change(id, EnumSet.of(BackfillState.PAUSED), BackfillState.RUNNING, by, "backfill.resume", "");
        changes.incrementAndGet();
        wake.run();
        return b;
    }

    /**
     * Compare-and-set from one of {@code from} to {@code to}, read again after each lost race with the
     * watcher; the audit row goes with the compare-and-set that applies.
     */
    private BackfillRecord change(long id, EnumSet<BackfillState> from, BackfillState to, Actor by, String action,
                                  String note) {
        for (int tries = 0; tries < CAS_TRIES; tries++) {
            BackfillRecord b = find(id);
            if (!from.contains(b.state())) {
                throw new InvalidStateException("Backfill " + id + " of DAG '" + b.dagId() + "' is " + b.state()
                        + "; only a backfill that is " + from + " can become " + to);
            }
            Instant now = clock.instant();
            AuditTarget target = AuditTarget.dag(b.dagId()).withBackfill(id);
            if (store.backfills().setState(id, b.version(), to, now, Optional.of(by.entry(now, action, target,
                    Optional.of(b.state().name()), Optional.of(to.name() + note))))) {
                LOG.log(Level.INFO, "Backfill " + id + " of DAG '" + b.dagId() + "': " + b.state() + " -> " + to);
                return find(id);
            }
        }
        throw new InvalidStateException("Backfill " + id + " changed " + CAS_TRIES + " times while moving it to " + to
                + "; try again");
    }

    /**
     * Whether a backfill waits because of max-active: for the explainer of a point not yet created
     * or a run of it waiting for a slot.
     *
     * @param id the backfill
     * @return the throttle when the backfill is RUNNING, has points or queued runs left, and has
     *     max-active unfinished runs or runs of it wait behind the DAG's other runs; else empty
     */
    public Optional<BackfillThrottle> throttle(long id) {
        BackfillRecord b = find(id);
        if (b.state() != BackfillState.RUNNING || catalog.current().find(b.dagId()).isEmpty()) {
            return Optional.empty();
        }
        long unfinished = unfinished(store.backfills().runCounts(id));
        int ahead = admission.queuedAhead(b.dagId());
        boolean full = b.cursor().isPresent() && unfinished >= b.maxActive();
        boolean behind = ahead > 0 && unfinished > 0;
        return full || behind ? Optional.of(new BackfillThrottle(id, unfinished, b.maxActive(), ahead)) : Optional.empty();
    }

    /**
     * @param dagId a DAG
     * @param runId a run of it
     * @return whether the run is a backfill's waiting for a slot behind the DAG's other runs
     */
    public boolean waitsBehindScheduled(String dagId, long runId) {
        return admission.backfillQueued(dagId, runId);
    }

    /**
     * @param runId a run
     * @return the backfill that created or reran it, empty for a scheduled or triggered run
     */
    public java.util.OptionalLong backfillOf(long runId) {
        return store.backfills().backfillOf(runId);
    }

    /**
     * @param dagId a DAG
     * @return its RUNNING backfills held back now (by their max-active or by the DAG's other runs
     *     waiting ahead of them), oldest first
     */
    public List<BackfillThrottle> throttled(String dagId) {
        List<BackfillThrottle> out = new ArrayList<>();
        for (BackfillRecord b : store.backfills().list(Optional.of(dagId), java.util.Set.of(BackfillState.RUNNING))) {
            throttle(b.id()).ifPresent(out::add);
        }
        out.sort(java.util.Comparator.comparingLong(BackfillThrottle::backfillId));
        return out;
    }
}
