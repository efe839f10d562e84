package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.DeadlineStore;
import ppacer.api.spi.MissedDeadline;

/** The {@code deadline_alerts} table; the run's own deadline has task id {@code ''}. */
final class SqliteDeadlineStore implements DeadlineStore {
    private final SqliteGateway db;

    SqliteDeadlineStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public boolean claim(MissedDeadline m) {
        String task = m.taskId().orElse("");
        return db.write(() -> "claim the missed deadline of run " + m.runId() + (task.isEmpty() ? "" : " task '" + task + "'"),
                s -> {
                    PreparedStatement ps = s.prepare("INSERT OR IGNORE INTO deadline_alerts (run_id, task_id, due_at, missed_at)"
                            + " VALUES (?, ?, ?, ?)");
                    ps.setLong(1, m.runId());
                    ps.setString(2, task);
                    ps.setLong(3, micros(m.dueAt()));
                    ps.setLong(4, micros(m.missedAt()));
                    return ps.executeUpdate() == 1;
                });
    }

    @Override
    public List<MissedDeadline> missed(long runId) {
        return db.read(() -> "read the missed deadlines of run " + runId, s -> {
            PreparedStatement ps = s.prepare("SELECT task_id, due_at, missed_at FROM deadline_alerts WHERE run_id = ?"
                    + " ORDER BY task_id");
            ps.setLong(1, runId);
            List<MissedDeadline> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String task = rs.getString("task_id");
                    out.add(new MissedDeadline(runId, task.isEmpty() ? Optional.empty() : Optional.of(task),
                            instant(rs, "due_at"), instant(rs, "missed_at")));
                }
            }
            return out;
        });
    }
}
