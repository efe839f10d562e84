package ppacer.store.jdbc;

import java.util.List;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.LogPage;
import ppacer.api.spi.TaskLogRecord;
import ppacer.api.spi.TaskLogStore;

/** Task logs, ordered by an identity column (insertion order). */
final class JdbcTaskLogStore implements TaskLogStore {
    private final JdbcGateway db;

    JdbcTaskLogStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public void append(List<TaskLogRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        db.tx("Appending " + records.size() + " log record(s) of " + records.getFirst().key(), tx -> {
            for (TaskLogRecord r : records) {
                JdbcGateway.dml(tx, "INSERT INTO task_logs (run_id, task_id, attempt, logged_at, level, message, attributes_json) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?)", r.key().runId(), r.key().taskId(), r.key().attempt(),
                        Micros.of(r.at()), r.level(), r.message(), r.attributesJson());
            }
            return null;
        });
    }

    @Override
    public LogPage read(AttemptKey key, long offset, int limit) {
        String what = "Reading the log of " + key;
        long total = db.query(what, "SELECT COUNT(*) AS n FROM task_logs WHERE run_id = ? AND task_id = ? AND attempt = ?",
                r -> JdbcGateway.lng(r, "n"), key.runId(), key.taskId(), key.attempt()).getFirst();
        List<TaskLogRecord> page = db.query(what, "SELECT logged_at, level, message, attributes_json FROM task_logs "
                        + "WHERE run_id = ? AND task_id = ? AND attempt = ? ORDER BY log_id LIMIT ? OFFSET ?",
                r -> new TaskLogRecord(key, Micros.toInstant(JdbcGateway.raw(r, "logged_at")), JdbcGateway.str(r, "level"),
                        JdbcGateway.str(r, "message"), JdbcGateway.str(r, "attributes_json")),
                key.runId(), key.taskId(), key.attempt(), Math.max(0, limit), Math.max(0, offset));
        return new LogPage(page, total);
    }
}
