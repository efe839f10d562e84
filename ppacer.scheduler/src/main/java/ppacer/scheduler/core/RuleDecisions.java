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
    final List<Integer> notRun = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();

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

    /** @return true when nothing was decided */
    public boolean isEmpty() {
        return run.isEmpty() && notRun.isEmpty();
    }
}
