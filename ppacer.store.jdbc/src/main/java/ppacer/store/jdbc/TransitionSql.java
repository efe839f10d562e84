package ppacer.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptTransition;

/** The one compare-and-set UPDATE behind every attempt transition, and how to bind it. */
final class TransitionSql {
    static final String UPDATE = """
            UPDATE task_attempts SET status = ?, updated_at = ?,
              started_at = CASE WHEN ? = 1 THEN ? ELSE started_at END,
              finished_at = CASE WHEN ? = 1 THEN ? ELSE finished_at END,
              executor_id = COALESCE(?, executor_id),
              token = COALESCE(?, token),
              error = COALESCE(?, error),
              branch = COALESCE(?, branch),
              reason = COALESCE(?, reason),
              lease_deadline = CASE WHEN ? = 1 THEN NULL ELSE COALESCE(?, lease_deadline) END
            WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = ?""";

    /** Stores an output; run in the transaction of the transition that carried it, when it applied. */
    static final String INSERT_OUTPUT = "INSERT INTO task_outputs (run_id, task_id, attempt, content_type, content, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?)";

    /** Removes the expansion a success of the parent replaces (same transaction as the new one). */
    static final String DELETE_EXPANSION = "DELETE FROM task_expansions WHERE run_id = ? AND task_id = ?";

    /** Stores an expansion; run in the transaction of the parent's SUCCESS, when it applied. */
    static final String INSERT_EXPANSION = "INSERT INTO task_expansions (run_id, task_id, item_count, created_at) "
            + "VALUES (?, ?, ?, ?)";

    private TransitionSql() {
    }

    /**
     * Binds one transition to {@link #UPDATE}.
     *
     * @param ps the statement
     * @param t the transition
     * @throws SQLException from the driver
     */
    static void bind(PreparedStatement ps, AttemptTransition t) throws SQLException {
        long at = Micros.of(t.at());
        boolean starts = t.to() == TaskStatus.RUNNING && t.from() != TaskStatus.RUNNING;
        boolean finishes = t.to().isFinished();
        ps.setString(1, t.to().name());
        ps.setLong(2, at);
        ps.setInt(3, starts ? 1 : 0);
        ps.setLong(4, at);
        ps.setInt(5, finishes ? 1 : 0);
        ps.setLong(6, at);
        text(ps, 7, t.executorId());
        text(ps, 8, t.token());
        text(ps, 9, t.error());
        text(ps, 10, t.branch().map(TransitionSql::joinBranch));
        text(ps, 11, t.reason());
        ps.setInt(12, finishes ? 1 : 0);
        if (t.leaseDeadline().isPresent()) {
            ps.setLong(13, Micros.of(t.leaseDeadline().get()));
        } else {
            ps.setNull(13, Types.BIGINT);
        }
        ps.setLong(14, t.key().runId());
        ps.setString(15, t.key().taskId());
        ps.setInt(16, t.key().attempt());
        ps.setString(17, t.from().name());
    }

    /**
     * Binds the output of a transition to {@link #INSERT_OUTPUT}.
     *
     * @param ps the statement
     * @param t a transition carrying an output
     * @throws SQLException from the driver
     */
    static void bindOutput(PreparedStatement ps, AttemptTransition t) throws SQLException {
        ps.setLong(1, t.key().runId());
        ps.setString(2, t.key().taskId());
        ps.setInt(3, t.key().attempt());
        ps.setString(4, t.output().orElseThrow().contentType());
        ps.setBytes(5, t.output().orElseThrow().bytes());
        ps.setLong(6, Micros.of(t.at()));
    }

    /**
     * @param children the children a branch chose
     * @return the {@code branch} column: comma-joined (task ids cannot contain commas), '' for none
     */
    static String joinBranch(List<String> children) {
        return String.join(",", children);
    }

    /**
     * @param column the {@code branch} column, or null
     * @return absent for NULL (did not branch), the empty list for '' (chose none), else the children
     */
    static Optional<List<String>> splitBranch(String column) {
        return column == null ? Optional.empty()
                : Optional.of(column.isEmpty() ? List.of() : List.of(column.split(",", -1)));
    }

    private static void text(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            ps.setString(i, v.get());
        } else {
            ps.setNull(i, Types.VARCHAR);
        }
    }
}
