package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.RunTransition;

/**
 * Starts many admitted runs at once (a burn-down of queued runs, a catch-up): in chunks of
 * {@value #CHUNK}, the runs' compare-and-set status changes go to the store as two batches
 * ({@code transitionAll}: QUEUED → SCHEDULED of the queued runs, then SCHEDULED → RUNNING of those
 * that moved and of the scheduled ones), the root attempts of the whole chunk are inserted in one
 * call, and then the roots are queued in the order of the runs given.
 *
 * <p>The one way a run starts (a triggered run too): a queued run moves QUEUED → SCHEDULED →
 * RUNNING, each move a compare-and-set acknowledged after commit; a run that is not in the
 * expected status is not started and its slot is given back. Each run's lock is held
 * ({@link RunCoordinator#withNewRuns}) from the moment it becomes visible in memory until its roots
 * are recorded.
 */
final class RunStarter {
    /** Most runs started per chunk: bounds the threads and the size of one insert. */
    static final int CHUNK = 256;
    private static final System.Logger LOG = System.getLogger(RunStarter.class.getName());

    /**
     * A run to start.
     *
     * @param dag the DAG
     * @param runId the run
     * @param logicalTime its logical time
     * @param paramsJson its parameters
     * @param queued true when it is QUEUED in the store (admitted from the queue), false when SCHEDULED
     * @param backfill true for a run of a backfill
     * @param bundleHash the DAG bundle version recorded on the run ({@code dag} is that version's), empty for a DAG
     *     of the image
     */
    record Start(Dag dag, long runId, Instant logicalTime, String paramsJson, boolean queued, boolean backfill,
                 java.util.Optional<String> bundleHash) {
        /** A run of a DAG of the image that is not a backfill's. */
        Start(Dag dag, long runId, Instant logicalTime, String paramsJson, boolean queued) {
            this(dag, runId, logicalTime, paramsJson, queued, false, java.util.Optional.empty());
        }

        /** @return the admission slot the run holds */
        RunAdmission.Slot slot() {
            return new RunAdmission.Slot(dag.id(), backfill);
        }
    }

    private final RunCoordinator runs;
    private final RunAdmission admission;

    RunStarter(RunCoordinator runs, RunAdmission admission) {
        this.runs = runs;
        this.admission = admission;
    }

    /**
     * Starts the runs, chunk after chunk. A store failure in one chunk stops the later chunks (their
     * slots are given back, the queued ones stay QUEUED in the store) and is rethrown after the runs
     * that did move were started.
     *
     * @param starts the runs, in the order their roots should be queued
     */
    void startAll(List<Start> starts) {
        for (int from = 0; from < starts.size(); from += CHUNK) {
            RuntimeException failure;
            try {
                failure = startChunk(starts.subList(from, Math.min(starts.size(), from + CHUNK)));
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure != null) {
                for (Start s : starts.subList(Math.min(starts.size(), from + CHUNK), starts.size())) {
                    admission.release(s.slot());
                    if (s.queued()) {
                        admission.enqueue(new RunAdmission.Waiting(s.dag().id(), s.runId(), s.logicalTime(), s.paramsJson(),
                                s.backfill(), s.bundleHash()));
                    }
                }
                throw failure;
            }
        }
    }

    private RuntimeException startChunk(List<Start> chunk) {
        Instant now = runs.clock().instant();
        List<ParallelCalls.Result> moved = move(chunk, now);
        RuntimeException failure = null;
        List<RunState> started = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Start s = chunk.get(i);
            ParallelCalls.Result r = moved.get(i);
            if (r.failure() != null) {
                failure = failure == null ? r.failure() : failure;
                runs.runFinished(s.slot()); // whether it moved is unknown; recovery settles it on restart
            } else if (!r.applied()) {
                LOG.log(Level.WARNING, "Run " + s.runId() + " of DAG '" + s.dag().id() + "' was not "
                        + (s.queued() ? "QUEUED" : "SCHEDULED") + "; not starting it");
                runs.runFinished(s.slot());
            } else {
                started.add(new RunState(s.dag(), s.runId(), s.logicalTime(), s.paramsJson(), s.backfill(), s.bundleHash()));
            }
        }
        runs.withNewRuns(started, (at, fx) -> {
            started.forEach(runs::add); // visible from here on, locked until their roots are recorded
            runs.counters().runsStarted(started.size()); // RUNNING in the store
            List<NewAttempt> rows = new ArrayList<>();
            List<List<DagTask>> roots = new ArrayList<>(started.size());
            List<RuleDecisions> decisions = new ArrayList<>(started.size());
            for (RunState rs : started) {
                RuleDecisions d = new RuleDecisions();
                rs.decideAll(d); // the roots, and tasks whose rule is ALWAYS: nothing has an outcome yet
                decisions.add(d);
                roots.add(d.run);
                rows.addAll(runs.newAttempts(rs, d.run, ppacer.api.TaskStatus.SCHEDULED, now));
            }
            try {
                runs.store().attempts().insert(rows);
            } catch (RuntimeException e) {
                for (int i = 0; i < started.size(); i++) {
                    started.get(i).undo(decisions.get(i));
                    started.get(i).unsettled(true); // the next operation on the run (or recovery) schedules its roots
                }
                throw e;
            }
            runs.counters().attempts(ppacer.api.TaskStatus.SCHEDULED, rows.size());
            for (int i = 0; i < started.size(); i++) {
                runs.queued(started.get(i), roots.get(i), now, Instant.MIN, fx);
                runs.finishIfComplete(started.get(i), now, fx);
            }
            return null;
        });
        return failure;
    }

    /**
     * QUEUED → SCHEDULED for the queued runs, then SCHEDULED → RUNNING for those that moved and for
     * the runs that were SCHEDULED: two batches of compare-and-sets, each acknowledged after commit.
     * A batch that failed marks its runs failed (whether they moved is unknown).
     */
    private List<ParallelCalls.Result> move(List<Start> chunk, Instant now) {
        ParallelCalls.Result[] out = new ParallelCalls.Result[chunk.size()];
        List<Integer> queued = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (chunk.get(i).queued()) {
                queued.add(i);
            }
        }
        apply(chunk, queued, DagRunStatus.QUEUED, DagRunStatus.SCHEDULED, now, out);
        List<Integer> toRun = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (!chunk.get(i).queued() || out[i].applied()) {
                toRun.add(i);
            }
        }
        apply(chunk, toRun, DagRunStatus.SCHEDULED, DagRunStatus.RUNNING, now, out);
        return List.of(out);
    }

    /** Applies {@code from → to} to the runs at {@code indexes} in one batch; records each outcome in {@code out}. */
    private void apply(List<Start> chunk, List<Integer> indexes, DagRunStatus from, DagRunStatus to, Instant now,
                       ParallelCalls.Result[] out) {
        if (indexes.isEmpty()) {
            return;
        }
        List<RunTransition> ts = indexes.stream().map(i -> new RunTransition(chunk.get(i).runId(), from, to, now)).toList();
        try {
            List<Boolean> applied = runs.store().dagRuns().transitionAll(ts);
            for (int k = 0; k < indexes.size(); k++) {
                out[indexes.get(k)] = new ParallelCalls.Result(applied.get(k), null);
            }
        } catch (RuntimeException e) {
            indexes.forEach(i -> out[i] = new ParallelCalls.Result(false, e));
        }
    }
}
