package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.TaskAttemptRecord;

/**
 * Resumes unfinished runs at startup, where they stopped.
 *
 * <ul>
 *   <li>QUEUED runs wait for a slot again, in logical-time order;</li>
 *   <li>SCHEDULED and RUNNING runs are rebuilt from their attempts: succeeded tasks never run
 *       again; SCHEDULED attempts are queued again (a retry keeps its due time: failure time plus
 *       delay); a FAILED_PENDING_RETRY without its next attempt gets it;</li>
 *   <li>RUNNING attempts handed out before the crash are judged by their lease: still valid, the
 *       scheduler waits for the executor's report (same token) or the expiry; expired less than a
 *       lease grace ago, the attempt gets one grace from now (its executor may still be working and
 *       not have reached this scheduler yet: a restart or a failover takes seconds, and the deadline
 *       was written with another node's clock); expired longer ago, the attempt fails with
 *       "executor lost: lease expired after ..." and is retried per its config;</li>
 *   <li>then pending tasks are settled (scheduled when their parents succeeded, UPSTREAM_FAILED
 *       below failures) and a run whose tasks are all terminal gets its final status.</li>
 * </ul>
 */
public final class Recovery {
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private final RunCoordinator runs;
    private final RunLoader loader;
    private final DagRegistry registry;
    private final RunAdmission admission;
    private final Duration grace;

    /**
     * @param runs the coordinator
     * @param registry the DAGs
     * @param admission run slots
     * @param grace the lease grace (what a heartbeat extends a lease to, from now)
     */
    public Recovery(RunCoordinator runs, DagRegistry registry, RunAdmission admission, Duration grace) {
        this.runs = runs;
        this.grace = grace;
        this.loader = new RunLoader(runs);
        this.registry = registry;
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
            Optional<Dag> dag = registry.find(run.dagId());
            if (dag.isEmpty()) {
                LOG.log(Level.WARNING, "Run " + run.runId() + " of DAG '" + run.dagId()
                        + "' is unfinished but the DAG is not in the registry; leaving it as " + run.status());
                continue;
            }
            if (run.status() == DagRunStatus.QUEUED) {
                admission.enqueue(new RunAdmission.Waiting(run.dagId(), run.runId(), run.logicalTime(), run.paramsJson()));
            } else {
                admission.acquire(run.dagId());
                resume(dag.get(), run);
            }
            n++;
        }
        return n;
    }

    private void resume(Dag dag, DagRunRecord run) {
        RunLoader.Loaded loaded = loader.load(dag, run);
        RunState rs = loaded.state();
        RunCoordinator.Effects fx = new RunCoordinator.Effects();
        rs.lock.lock();
        try {
            Instant now = runs.clock().instant();
            if (run.status() != DagRunStatus.RUNNING) {
                runs.store().dagRuns().transition(run.runId(), run.status(), DagRunStatus.RUNNING, now);
            }
            runs.add(rs);
            for (RunLoader.Due d : loaded.scheduled()) {
                DagTask t = rs.task(d.index());
                fx.toQueue.add(new QueuedTask(dag.id(), rs.runId(), t.id(), rs.attempt(d.index()),
                        t.config().priorityWeight(), rs.logicalTime(), t.order(), d.dueAt()));
            }
            for (RunLoader.Due d : loaded.pendingRetry()) {
                runs.schedule(rs, List.of(rs.task(d.index())), now, d.dueAt(), fx);
            }
            for (TaskAttemptRecord rec : loaded.running()) {
                int i = rs.index(rec.key().taskId());
                runs.queue().acquire(dag.id());
                if (rs.lease(i).isAfter(now)) {
                    runs.leases().track(rec.key(), rs.token(i), rs.lease(i));
                } else if (rs.lease(i).plus(grace).isAfter(now)) {
                    Instant extended = now.plus(grace);
                    LOG.log(Level.INFO, rec.key() + " lease expired " + Duration.between(rs.lease(i), now)
                            + " ago (found at scheduler start); its executor has until " + extended + " to report");
                    rs.lease(i, extended);
                    runs.leases().track(rec.key(), rs.token(i), extended);
                } else {
                    runs.fail(rs, i, "executor lost: lease expired after " + Duration.between(rs.startedAt(i), now)
                            + " (found at scheduler start)", now, fx);
                }
            }
            runs.settle(rs, now, fx);
            LOG.log(Level.INFO, "Resumed run " + rs.runId() + " of DAG '" + dag.id() + "': " + loaded.scheduled().size()
                    + " queued again, " + loaded.running().size() + " running before the restart, "
                    + loaded.pendingRetry().size() + " retries restored");
        } finally {
            rs.lock.unlock();
        }
        runs.apply(fx);
    }
}
