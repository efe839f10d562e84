package ppacer.scheduler.core;

import java.util.ArrayList;
import java.util.List;
import ppacer.api.DagTask;

/**
 * What the trigger rules decided for pending tasks of one run during one change, before it is
 * written: the tasks to schedule, and the tasks that will not run (already SKIPPED or
 * UPSTREAM_FAILED in memory, so that the tasks below them could be decided too) with the reason of
 * each. {@link RunCoordinator#commit} writes them in one insert, or undoes them in memory when the
 * insert fails.
 */
public final class RuleDecisions {
    final List<DagTask> run = new ArrayList<>();
    /** Allocated on the first task that will not run (rare: the common change only runs tasks). */
    List<Integer> notRun = List.of();
    List<String> reasons = List.of();

    /** No decisions yet. */
    public RuleDecisions() {
    }

    /** @return the tasks decided to run, in the order decided */
    public List<DagTask> toRun() {
        return run;
    }

    /** @return the indices of the tasks decided not to run (SKIPPED or UPSTREAM_FAILED in memory) */
    public List<Integer> notRun() {
        return notRun;
    }

    /**
     * Records a task that will not run.
     *
     * @param i the task index
     * @param reason why
     */
    void notRun(int i, String reason) {
        if (notRun.isEmpty()) {
            notRun = new ArrayList<>();
            reasons = new ArrayList<>();
        }
        notRun.add(i);
        reasons.add(reason);
    }

    /** @return true when nothing was decided */
    public boolean isEmpty() {
        return run.isEmpty() && notRun.isEmpty();
    }
}
