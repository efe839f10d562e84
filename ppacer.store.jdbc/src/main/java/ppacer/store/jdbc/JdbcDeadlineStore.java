package ppacer.store.jdbc;

import java.util.List;
import java.util.Optional;
import ppacer.api.spi.DeadlineStore;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.MissedDeadline;

/**
 * The {@code deadline_alerts} table; the run's own deadline has task id {@code ''}. A claim is one
 * transaction (fenced on the leader's view): absent → inserted; a concurrent insert of the same key
 * loses on the primary key and answers false.
 */
final class JdbcDeadlineStore implements DeadlineStore {
    private final JdbcGateway db;

    JdbcDeadlineStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public boolean claim(MissedDeadline m) {
        String task = m.taskId().orElse("");
        try {
            return db.tx("Claiming the missed deadline of run " + m.runId() + (task.isEmpty() ? "" : " task '" + task + "'"),
                    tx -> {
                        if (!JdbcGateway.query(tx, "SELECT run_id FROM deadline_alerts WHERE run_id = ? AND task_id = ?",
                                r -> JdbcGateway.lng(r, "run_id"), m.runId(), task).isEmpty()) {
                            return false;
                        }
                        JdbcGateway.dml(tx, "INSERT INTO deadline_alerts (run_id, task_id, due_at, missed_at) VALUES (?, ?, ?, ?)",
                                m.runId(), task, Micros.of(m.dueAt()), Micros.of(m.missedAt()));
                        return true;
                    });
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public List<MissedDeadline> missed(long runId) {
        return db.query("Reading the missed deadlines of run " + runId, "SELECT task_id, due_at, missed_at FROM deadline_alerts"
                        + " WHERE run_id = ? ORDER BY task_id",
                r -> {
                    String task = JdbcGateway.str(r, "task_id");
                    return new MissedDeadline(runId, task.isEmpty() ? Optional.empty() : Optional.of(task),
                            Micros.toInstant(JdbcGateway.raw(r, "due_at")), Micros.toInstant(JdbcGateway.raw(r, "missed_at")));
                }, runId);
    }
}
