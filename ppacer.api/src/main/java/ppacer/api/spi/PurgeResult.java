package ppacer.api.spi;

/**
 * What a purge deleted.
 *
 * @param runs DAG runs deleted
 * @param attempts task attempts deleted
 * @param logs task log records deleted
 */
public record PurgeResult(long runs, long attempts, long logs) {
}
