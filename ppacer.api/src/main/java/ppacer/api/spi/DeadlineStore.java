package ppacer.api.spi;

import java.util.List;

/**
 * The deadlines runs and tasks missed ({@code deadline_alerts}): one row per run or task whose
 * deadline passed unfinished, written by a compare-and-set claim before its alert is sent, so that
 * the alert goes out once across restarts and failovers (the claim goes through the leader's
 * fenced store).
 */
public interface DeadlineStore {
    /**
     * Records a missed deadline unless one is recorded for the same run and task already.
     *
     * @param missed the missed deadline
     * @return true when this call recorded it (the caller sends the alert), false when it was recorded before
     */
    boolean claim(MissedDeadline missed);

    /**
     * @param runId a run
     * @return its missed deadlines, the run's own first, then by task id
     */
    List<MissedDeadline> missed(long runId);
}
