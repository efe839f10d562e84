package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.DagCatalog;

/**
 * Resumes unfinished runs at startup, where they stopped.
 *
 * <ul>
 *   <li>QUEUED runs wait for a slot again, in logical-time order (a backfill's behind the others,
 *       in creation order; the backfill itself goes on from its stored cursor);</li>
 *   <li>SCHEDULED and RUNNING runs are rebuilt from their attempts: succeeded tasks never run
 *       again; SCHEDULED attempts are queued again (a retry keeps its due time: failure time plus
 *       delay); a FAILED_PENDING_RETRY without its next attempt gets it;</li>
 *   <li>DEFERRED attempts (sensors waiting) get their timer entries back from the store, and are
 *       poked at their stored due time (at once when it passed during the outage);</li>
 *   <li>RUNNING attempts handed out before the crash are judged by their lease: still valid, the
 *       scheduler waits for the executor's report (same token) or the expiry, at least one lease
 *       grace from now (a lease lasts a few heartbeats, and the executor's heartbeats may still be
 *       going to the old leader); expired less than a
 *       lease grace ago, the attempt gets one grace from now (its executor may still be working and
 *       not have reached this scheduler yet: a restart or a failover takes seconds, and the deadline
 *       was written with another node's clock); expired longer ago, the attempt fails with
 *       "executor lost: lease expired after ..." and is retried per its config;</li>
 *   <li>except RUNNING attempts held by an in-process executor that is certainly dead (see {@link
 *       InProcessHolder}: this node's previous process, or any previous process on a store used by one
 *       scheduler at a time): they are CANCELLED with an error starting {@value #INTERRUPTED} and the
 *       task gets its next attempt at once. An interrupted attempt is not a failure of the task: it
 *       uses no retry (with no retries left the run still completes);</li>
 *   <li>then pending tasks are settled (scheduled when their parents succeeded, UPSTREAM_FAILED
 *       below failures) and a run whose tasks are all terminal gets its final status.</li>
 * </ul>
 */
public final class Recovery {
    /** The start of the error text of an attempt cancelled because its in-process executor died. */
    public static final String INTERRUPTED = "interrupted: ";
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private final RunCoordinator runs;
    private final RunLoader loader;
    private final DagCatalog catalog;
    private final RunAdmission admission;
    private final Duration grace;
    private final Predicate<String> deadExecutor;

    /**
     * A recovery that judges every running attempt by its lease.
     *
     * @param runs the coordinator
     * @param registry the DAGs
     * @param admission run slots
     * @param grace the lease grace: a lease found expired less than this ago gets this from now
     */
    public Recovery(RunCoordinator runs, DagRegistry registry, RunAdmission admission, Duration grace) {
        this(runs, registry, admission, grace, executorId -> false);
    }

    /**
     * @param runs the coordinator
     * @param registry the DAGs
     * @param admission run slots
     * @param grace the lease grace: a lease found expired less than this ago gets this from now
     * @param deadExecutor true for the executor id of an executor certainly no longer running (an
     *     in-process executor of a previous process): its attempts run again at once
     */
    public Recovery(RunCoordinator runs, DagRegistry registry, RunAdmission admission, Duration grace,
                    Predicate<String> deadExecutor) {
        this(runs, DagCatalog.fixed(registry), admission, grace, deadExecutor);
    }

    /**
     * @param runs the coordinator
     * @param catalog the DAGs (each run resumes on the DAG version it started with)
     * @param admission run slots
     * @param grace the lease grace: a lease found expired less than this ago gets this from now
     * @param deadExecutor true for the executor id of an executor certainly no longer running (an
     *     in-process executor of a previous process): its attempts run again at once
     */
    public Recovery(RunCoordinator runs, DagCatalog catalog, RunAdmission admission, Duration grace,
                    Predicate<String> deadExecutor) {
        this.runs = runs;
        this.grace = grace;
        this.deadExecutor = deadExecutor;
        this.loader = new RunLoader(runs);
        this.catalog = catalog;
        this.admission = admission;
    }

    /**
     * Recovers every unfinished run.
     *
     * @return how many runs were resumed or re-queued
     */
    public int recover() {
        int n = 0;
        for (DagRunRecord run : runs.store().dagRuns().unfinished()) {
            Optional<Dag> dag;
            try {
                dag = catalog.dag(run.dagId(), run.bundleHash());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Run " + run.runId() + " of DAG '" + run.dagId() + "': " + e.getMessage());
                dag = Optional.empty();
            }
            if (dag.isEmpty()) {
                LOG.log(Level.WARNING, "Run " + run.runId() + " of DAG '" + run.dagId() + "'"
                        + run.bundleHash().map(h -> " (bundle version " + h + ")").orElse("")
                        + " is unfinished but that DAG version is not to be had; leaving it as " + run.status());
                continue;
            }
            if (run.status() == DagRunStatus.QUEUED) {
                admission.enqueue(new RunAdmission.Waiting(run.dagId(), run.runId(), run.logicalTime(), run.paramsJson(),
                        run.ofBackfill(), run.bundleHash()));
            } else {
                admission.acquire(new RunAdmission.Slot(run.dagId(), run.ofBackfill()));
                resume(dag.get(), run);
            }
            n++;
        }
        return n;
    }

    private void resume(Dag dag, DagRunRecord run) {
        RunLoader.Loaded loaded = loader.load(dag, run);
        RunState rs = loaded.state();
        runs.withRun(rs, (now, fx) -> {
            if (run.status() != DagRunStatus.RUNNING) {
                runs.store().dagRuns().transition(run.runId(), run.status(), DagRunStatus.RUNNING, now);
            }
            runs.add(rs);
            for (RunLoader.Due d : loaded.scheduled()) {
                DagTask t = rs.task(d.index());
                fx.toQueue.add(QueuedTask.of(dag.id(), rs.runId(), t, rs.attempt(d.index()), rs.logicalTime(),
                        d.dueAt(), rs.backfill()));
            }
            for (RunLoader.Due d : loaded.pendingRetry()) {
                runs.schedule(rs, List.of(rs.task(d.index())), now, d.dueAt(), fx);
            }
            if (!loaded.deferred().isEmpty()) { // their timer entries, from the store: poked at their due time
                java.util.Map<ppacer.api.spi.AttemptKey, ppacer.api.spi.AttemptDeferral> byKey = new java.util.HashMap<>();
                runs.store().deferrals().ofRun(rs.runId()).forEach(d -> byKey.put(d.key(), d));
                for (TaskAttemptRecord rec : loaded.deferred()) {
                    ppacer.api.spi.AttemptDeferral d = byKey.get(rec.key());
                    runs.deferrals().schedule(d != null ? d : new ppacer.api.spi.AttemptDeferral(rec.key(), now, 1,
                            rec.startedAt().orElse(now), "deferral row missing: poked now", java.util.Optional.empty()));
                }
            }
            int interrupted = 0;
            for (TaskAttemptRecord rec : loaded.running()) {
                int i = rs.index(rec.key().taskId());
                if (rec.executorId().filter(deadExecutor).isPresent() && runAgain(rs, i, rec, now, fx)) {
                    interrupted++;
                    continue;
                }
                TaskConfig cfg = rs.task(i).config();
                runs.queue().acquire(dag.id(), cfg.pool().orElse(null), cfg.poolSlots(), rec.key());
                if (!rs.lease(i).isBefore(now.plus(grace))) {
                    runs.attemptLeases().schedule(new AttemptLease(rec.key(), rs.token(i), rs.lease(i)));
                } else if (rs.lease(i).isAfter(now)) {
                    // a lease lasts a few heartbeats: its executor may still be heartbeating to the old leader
                    Instant extended = now.plus(grace);
                    rs.lease(i, extended);
                    runs.attemptLeases().schedule(new AttemptLease(rec.key(), rs.token(i), extended));
                } else if (rs.lease(i).plus(grace).isAfter(now)) {
                    Instant extended = now.plus(grace);
                    LOG.log(Level.INFO, rec.key() + " lease expired " + Duration.between(rs.lease(i), now)
                            + " ago (found at scheduler start); its executor has until " + extended + " to report");
                    rs.lease(i, extended);
                    runs.attemptLeases().schedule(new AttemptLease(rec.key(), rs.token(i), extended));
                } else {
                    runs.fail(rs, i, "executor lost: lease expired after " + Duration.between(rs.startedAt(i), now)
                            + " (found at scheduler start)", RunCoordinator.FailureCause.LEASE_EXPIRED, now, fx);
                }
            }
            runs.settle(rs, now, fx);
            LOG.log(Level.INFO, "Resumed run " + rs.runId() + " of DAG '" + dag.id() + "': " + loaded.scheduled().size()
                    + " queued again, " + loaded.running().size() + " running before the restart (" + interrupted
                    + " of them in a dead in-process executor, run again), " + loaded.pendingRetry().size()
                    + " retries restored");
            return null;
        });
    }

    /**
     * Cancels a RUNNING attempt of a dead in-process executor and schedules the task's next attempt
     * now, keeping the retries it used. Caller holds the run lock.
     *
     * @return false when the attempt was no longer RUNNING in the store (then nothing changed)
     */
    private boolean runAgain(RunState rs, int i, TaskAttemptRecord rec, Instant now, RunCoordinator.Effects fx) {
        String executor = rec.executorId().orElseThrow();
        String error = INTERRUPTED + "its in-process executor " + executor + " ended with its scheduler process; "
                + "the task runs again as attempt " + (rec.key().attempt() + 1) + ", not counted as a retry";
        if (!runs.store().attempts().transition(AttemptTransition.of(rec.key(), TaskStatus.RUNNING, TaskStatus.CANCELLED, now)
                .withError(error))) {
            return false;
        }
        runs.counters().interrupted();
        rs.set(i, null);
        runs.schedule(rs, List.of(rs.task(i)), now, Instant.MIN, fx);
        LOG.log(Level.INFO, rec.key() + " was RUNNING in " + executor + ", which ended with its process; running it again now");
        return true;
    }

    /**
     * @param rec an attempt
     * @return true when it was cancelled because its in-process executor died (it used no retry)
     */
    static boolean interrupted(TaskAttemptRecord rec) {
        return rec.status() == TaskStatus.CANCELLED && rec.error().filter(e -> e.startsWith(INTERRUPTED)).isPresent();
    }
}
