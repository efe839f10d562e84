package ppacer.benchmarks;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.scheduler.core.QueuedTask;
import ppacer.scheduler.core.RuleDecisions;
import ppacer.scheduler.core.RunState;
import ppacer.scheduler.core.TaskQueue;

/**
 * Drives runs of one DAG through the scheduler's in-memory core, without store or threads: take
 * the next entry from the real {@link TaskQueue}, mark it running, end its running slot, record its
 * success in the real {@link RunState}, and schedule + enqueue the tasks that became ready. When a
 * run completes the next one starts (new {@code RunState}, roots enqueued).
 *
 * <p>Two ways to find the ready tasks after a success: {@link #completeNext()} uses the
 * remaining-parent counters ({@link RunState#succeed}, touches only the children); {@link
 * #completeNextByRescan()} is the naive baseline of ppacer-go: re-check every task of the run,
 * and for each one without an attempt check whether all its parents succeeded.
 */
final class RunDriver {
    private static final Instant LOGICAL_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:01Z");
    private static final Instant LEASE = NOW.plusSeconds(600);
    private static final String TOKEN = "token";

    private final Dag dag;
    private final TaskQueue queue;
    private RunState run;
    private long runId;
    private long runsCompleted;

    /** Per task, the branch decision it reports (every child, sorted), or null when it does not branch. */
    private final int[][] branch;

    RunDriver(Dag dag) {
        this(dag, 0);
    }

    /**
     * @param dag the DAG
     * @param branchEvery every task whose index is a multiple of this (and that has children)
     *     succeeds with a branch decision choosing all its children; 0 for none
     */
    RunDriver(Dag dag, int branchEvery) {
        this.dag = dag;
        this.branch = new int[dag.size()][];
        for (DagTask t : dag.tasks()) {
            if (branchEvery > 0 && t.order() % branchEvery == 0 && !t.children().isEmpty()) {
                branch[t.order()] = t.children().stream().mapToInt(c -> dag.task(c).orElseThrow().order()).sorted().toArray();
            }
        }
        this.queue = new TaskQueue(dag.size() + 1, Integer.MAX_VALUE, id -> Integer.MAX_VALUE, InstantSource.fixed(NOW));
        start();
    }

    private void start() {
        run = new RunState(dag, ++runId, LOGICAL_TIME, "{}");
        schedule(dag.roots());
    }

    /** @return runs completed so far */
    long runsCompleted() {
        return runsCompleted;
    }

    /** Handles one completion with the remaining-parent counters. */
    void completeNext() {
        int i = handOutAndEnd();
        run.succeed(i, branch[i]);
        RuleDecisions d = new RuleDecisions();
        run.decideBelow(i, d); // the trigger rules decide the children (SKIPPED / UPSTREAM_FAILED are set by it)
        schedule(d.toRun());
        finishIfComplete();
    }

    /** Handles one completion by re-checking every task of the run (the naive baseline). */
    void completeNextByRescan() {
        int i = handOutAndEnd();
        run.set(i, TaskStatus.SUCCESS);
        List<DagTask> ready = new ArrayList<>();
        for (DagTask t : dag.tasks()) {
            if (run.status(t.order()) == null && parentsSucceeded(t)) {
                ready.add(t);
            }
        }
        schedule(ready);
        finishIfComplete();
    }

    private boolean parentsSucceeded(DagTask t) {
        for (String p : t.parents()) {
            if (run.status(run.index(p)) != TaskStatus.SUCCESS) {
                return false;
            }
        }
        return true;
    }

    /** Takes the next entry, marks it running and ends its running slot; returns its task index. */
    private int handOutAndEnd() {
        QueuedTask t = queue.poll().orElseThrow(() -> new IllegalStateException("nothing queued in " + run));
        int i = t.order();
        run.running(i, TOKEN, NOW, LEASE);
        queue.release(t.dagId());
        return i;
    }

    private void schedule(List<DagTask> ready) {
        for (DagTask t : ready) {
            int i = t.order();
            int attempt = run.attempt(i) + 1;
            run.set(i, attempt, TaskStatus.SCHEDULED);
            if (!queue.offer(new QueuedTask(dag.id(), run.runId(), t.id(), attempt, t.config().priorityWeight(),
                    LOGICAL_TIME, i, Instant.MIN))) {
                throw new IllegalStateException("queue full at " + queue);
            }
        }
    }

    private void finishIfComplete() {
        if (run.complete()) {
            run.finished(true);
            runsCompleted++;
            start();
        }
    }
}
