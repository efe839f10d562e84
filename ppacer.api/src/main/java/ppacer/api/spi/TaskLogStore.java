package ppacer.api.spi;

/** Task logs, per attempt. */
public interface TaskLogStore {
    /**
     * Appends records in one transaction, keeping their order.
     *
     * @param records the records
     */
    void append(java.util.List<TaskLogRecord> records);

    /**
     * Reads a page of an attempt's log.
     *
     * @param key the attempt
     * @param offset records to skip
     * @param limit at most this many
     * @return the page and the total count
     */
    LogPage read(AttemptKey key, long offset, int limit);
}
