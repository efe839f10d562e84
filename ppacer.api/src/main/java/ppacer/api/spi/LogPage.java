package ppacer.api.spi;

import java.util.List;

/**
 * A page of log records.
 *
 * @param records the records, in logging order
 * @param total how many records the attempt has in all
 */
public record LogPage(List<TaskLogRecord> records, long total) {
    /** Copies the list. */
    public LogPage {
        records = List.copyOf(records);
    }
}
