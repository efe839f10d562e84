package ppacer.scheduler.core;

import ppacer.api.OverlapPolicy;

/**
 * What a DAG's {@link OverlapPolicy} decides for one due schedule point, given the DAG's unfinished
 * runs (QUEUED, SCHEDULED or RUNNING, counting the runs created earlier in the same pass).
 *
 * <ul>
 *   <li>{@link OverlapPolicy#ALLOW}: always a run ({@link #RUN}; it waits behind max active runs);</li>
 *   <li>nothing unfinished: a run, whatever the policy (but see CANCEL_OTHER);</li>
 *   <li>{@link OverlapPolicy#SKIP}: no run ({@link #SKIP});</li>
 *   <li>{@link OverlapPolicy#BUFFER_ONE}: a waiting run ({@link #BUFFER}) unless one waits already ({@link #SKIP});</li>
 *   <li>{@link OverlapPolicy#CANCEL_OTHER}: the unfinished runs are cancelled and the point runs
 *       ({@link #CANCEL_AND_RUN}); a missed point followed by a later due point of the same pass is
 *       skipped, whatever is unfinished: its run would be cancelled by the later one before any of its
 *       tasks ran.</li>
 * </ul>
 */
enum OverlapDecision {
    /** Create the point's run (started, or QUEUED behind max active runs). */
    RUN,
    /** Create the point's run QUEUED, to start when the unfinished run ends. */
    BUFFER,
    /** No run for the point. */
    SKIP,
    /** Cancel the unfinished runs, then create the point's run. */
    CANCEL_AND_RUN;

    /**
     * @param policy the DAG's policy
     * @param unfinished the DAG's unfinished runs
     * @param waiting how many of them wait QUEUED
     * @param laterPointDue whether a later schedule point of the same pass is due as well
     * @return the decision
     */
    static OverlapDecision decide(OverlapPolicy policy, int unfinished, int waiting, boolean laterPointDue) {
        if (policy == OverlapPolicy.ALLOW) {
            return RUN;
        }
        if (policy == OverlapPolicy.CANCEL_OTHER && laterPointDue) {
            return SKIP;
        }
        if (unfinished == 0) {
            return RUN;
        }
        return switch (policy) {
            case ALLOW -> RUN;
            case SKIP -> SKIP;
            case BUFFER_ONE -> waiting == 0 ? BUFFER : SKIP;
            case CANCEL_OTHER -> CANCEL_AND_RUN;
        };
    }
}
