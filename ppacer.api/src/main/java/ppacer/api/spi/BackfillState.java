package ppacer.api.spi;

/** The life cycle of a backfill. */
public enum BackfillState {
    /** Creating runs, at most its max-active unfinished at a time. */
    RUNNING,
    /** Creates no runs until resumed; its created runs go on. */
    PAUSED,
    /** Stopped by an operator: creates no more runs; its created runs finish. */
    CANCELLED,
    /** Every point is done and none of its runs failed. */
    SUCCEEDED,
    /** Every point is done and at least one of its runs failed. */
    FAILED;

    /** @return true for CANCELLED, SUCCEEDED and FAILED: the state never changes again */
    public boolean isTerminal() {
        return this == CANCELLED || this == SUCCEEDED || this == FAILED;
    }
}
