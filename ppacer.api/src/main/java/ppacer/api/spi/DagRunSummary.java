package ppacer.api.spi;

/**
 * A run with its task progress, for lists.
 *
 * @param run the run
 * @param tasksDone tasks whose latest attempt is SUCCESS, FAILED, UPSTREAM_FAILED or SKIPPED
 * @param tasksFailed tasks whose latest attempt is FAILED or UPSTREAM_FAILED
 */
public record DagRunSummary(DagRunRecord run, int tasksDone, int tasksFailed) {
}
