package ppacer.api;

/**
 * What the scheduler does when a schedule point of a DAG comes due while a previous run of the DAG
 * (scheduled or triggered) is still unfinished: QUEUED, SCHEDULED or RUNNING. Set with
 * {@link Dag.Builder#overlap(OverlapPolicy)}; every decision is recorded as a schedule event.
 *
 * <p>Every policy but {@link #ALLOW} runs one run of the DAG at a time: its max active runs is 1.
 */
public enum OverlapPolicy {
    /**
     * The default: the point gets a run, which starts at once or waits QUEUED behind the DAG's
     * {@linkplain Dag#maxActiveRuns() max active runs}.
     */
    ALLOW,
    /** The point gets no run while a previous run is unfinished; an {@code OVERLAP_SKIPPED} event records it. */
    SKIP,
    /**
     * At most one run waits (QUEUED, an {@code OVERLAP_BUFFERED} event) until the unfinished one ends;
     * points that come due while one is waiting get no run ({@code OVERLAP_SKIPPED}).
     */
    BUFFER_ONE,
    /**
     * The unfinished runs are cancelled (an {@code OVERLAP_CANCELLED} event each: their queued and
     * running tasks end FAILED, their pending tasks UPSTREAM_FAILED, with the reason "cancelled by
     * overlap policy", and the run ends FAILED; teardowns still run, so that what their setups made
     * is released), then the point's run starts.
     */
    CANCEL_OTHER
}
