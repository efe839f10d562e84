package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.LogPage;
import ppacer.api.spi.TaskLogRecord;
import ppacer.api.spi.TaskLogStore;

/** The {@code task_logs} table; {@code log_id} keeps the append order. */
final class SqliteLogStore implements TaskLogStore {
    private final SqliteGateway db;

    SqliteLogStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public void append(List<TaskLogRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        db.write(() -> "append " + records.size() + " log records of " + records.getFirst().key(), s -> {
            PreparedStatement ps = s.prepare("INSERT INTO task_logs (run_id, task_id, attempt, at, level, message, "
                    + "attributes_json) VALUES (?, ?, ?, ?, ?, ?, ?)");
            for (TaskLogRecord r : records) {
                ps.setLong(1, r.key().runId());
                ps.setString(2, r.key().taskId());
                ps.setInt(3, r.key().attempt());
                ps.setLong(4, micros(r.at()));
                ps.setString(5, r.level());
                ps.setString(6, r.message());
                ps.setString(7, r.attributesJson());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public LogPage read(AttemptKey key, long offset, int limit) {
        return db.read(() -> "read the log of " + key, s -> {
            PreparedStatement count = s.prepare("SELECT COUNT(*) FROM task_logs WHERE run_id = ? AND task_id = ? "
                    + "AND attempt = ?");
            count.setLong(1, key.runId());
            count.setString(2, key.taskId());
            count.setInt(3, key.attempt());
            long total;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            PreparedStatement ps = s.prepare("SELECT at, level, message, attributes_json FROM task_logs "
                    + "WHERE run_id = ? AND task_id = ? AND attempt = ? ORDER BY log_id LIMIT ? OFFSET ?");
            ps.setLong(1, key.runId());
            ps.setString(2, key.taskId());
            ps.setInt(3, key.attempt());
            ps.setInt(4, limit);
            ps.setLong(5, offset);
            List<TaskLogRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TaskLogRecord(key, instant(rs, "at"), rs.getString("level"), rs.getString("message"),
                            rs.getString("attributes_json")));
                }
            }
            return new LogPage(out, total);
        });
    }
}
