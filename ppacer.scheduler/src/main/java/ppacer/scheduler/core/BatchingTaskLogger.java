package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.TaskLogger;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskLogRecord;
import ppacer.api.spi.TaskLogStore;

/**
 * A task's logger: keeps records in memory and appends them to the {@link TaskLogStore} in batches
 * (when {@code batchSize} are buffered, and on {@link #flush()} at the end of the attempt). Never
 * throws; a store failure is logged and the batch dropped.
 */
public final class BatchingTaskLogger implements TaskLogger {
    private static final System.Logger LOG = System.getLogger(BatchingTaskLogger.class.getName());

    private final AttemptKey key;
    private final TaskLogStore store;
    private final InstantSource clock;
    private final int batchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private List<TaskLogRecord> buffer = new ArrayList<>();

    /**
     * @param key the attempt
     * @param store where records go
     * @param clock record times
     * @param batchSize records per append
     */
    public BatchingTaskLogger(AttemptKey key, TaskLogStore store, InstantSource clock, int batchSize) {
        this.key = key;
        this.store = store;
        this.clock = clock;
        this.batchSize = Math.max(1, batchSize);
    }

    @Override
    public void log(Level level, String message, Map<String, ?> attributes) {
        StringBuilder json = new StringBuilder("{");
        if (attributes != null) {
            for (Map.Entry<String, ?> e : attributes.entrySet()) {
                if (json.length() > 1) {
                    json.append(',');
                }
                Object v = e.getValue();
                json.append(Json.quote(String.valueOf(e.getKey()))).append(':')
                        .append(v instanceof Number || v instanceof Boolean ? String.valueOf(v) : Json.quote(String.valueOf(v)));
            }
        }
        json.append('}');
        TaskLogRecord r = new TaskLogRecord(key, clock.instant(), level == null ? "INFO" : level.getName(),
                message == null ? "" : message, json.toString());
        List<TaskLogRecord> full = null;
        lock.lock();
        try {
            buffer.add(r);
            if (buffer.size() >= batchSize) {
                full = buffer;
                buffer = new ArrayList<>();
            }
        } finally {
            lock.unlock();
        }
        if (full != null) {
            write(full);
        }
    }

    /** Appends what is buffered. */
    public void flush() {
        List<TaskLogRecord> out;
        lock.lock();
        try {
            out = buffer;
            buffer = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        if (!out.isEmpty()) {
            write(out);
        }
    }

    private void write(List<TaskLogRecord> records) {
        try {
            store.append(records);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store " + records.size() + " log records of " + key, e);
        }
    }
}
