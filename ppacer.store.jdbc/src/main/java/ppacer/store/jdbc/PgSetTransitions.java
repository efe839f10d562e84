package ppacer.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;

/**
 * PostgreSQL only: a whole batch of transitions on distinct attempts as ONE set-based
 * {@code UPDATE ... FROM unnest(arrays) ... RETURNING key}. One statement instead of one per
 * transition cuts the server's per-statement work, the bottleneck of group commit on PostgreSQL.
 * The compare-and-set and field rules are those of {@link TransitionSql}; the rows returned are the
 * transitions that applied. Batches that touch an attempt twice use {@link TransitionSql} instead,
 * since one UPDATE changes a row at most once.
 */
final class PgSetTransitions {
    private static final String UPDATE = """
            UPDATE task_attempts AS t SET status = v.to_status, updated_at = v.at,
              started_at = CASE WHEN v.starts = 1 THEN v.at ELSE t.started_at END,
              finished_at = CASE WHEN v.finishes = 1 THEN v.at ELSE t.finished_at END,
              executor_id = COALESCE(v.executor_id, t.executor_id),
              token = COALESCE(v.token, t.token),
              error = COALESCE(v.error, t.error),
              branch = COALESCE(v.branch, t.branch),
              reason = COALESCE(v.reason, t.reason),
              lease_deadline = CASE WHEN v.finishes = 1 THEN NULL ELSE COALESCE(v.lease, t.lease_deadline) END
            FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS bigint[]), CAST(? AS int[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]))
              AS v(run_id, task_id, attempt, from_status, to_status, at, starts, finishes, executor_id, token, error, lease,
                   branch, reason)
            WHERE t.run_id = v.run_id AND t.task_id = v.task_id AND t.attempt = v.attempt AND t.status = v.from_status
            RETURNING t.run_id, t.task_id, t.attempt""";

    private static final PgUnnest<AttemptTransition, AttemptKey> BATCH = new PgUnnest<>(UPDATE, List.of(
            new PgUnnest.Column<AttemptTransition>("bigint", Long.class, t -> t.key().runId()),
            new PgUnnest.Column<AttemptTransition>("text", String.class, t -> t.key().taskId()),
            new PgUnnest.Column<AttemptTransition>("integer", Integer.class, t -> t.key().attempt()),
            new PgUnnest.Column<AttemptTransition>("text", String.class, t -> t.from().name()),
            new PgUnnest.Column<AttemptTransition>("text", String.class, t -> t.to().name()),
            new PgUnnest.Column<AttemptTransition>("bigint", Long.class, t -> Micros.of(t.at())),
            new PgUnnest.Column<AttemptTransition>("integer", Integer.class,
                    t -> t.to() == TaskStatus.RUNNING && t.from() != TaskStatus.RUNNING ? 1 : 0),
            new PgUnnest.Column<AttemptTransition>("integer", Integer.class, t -> t.to().isFinished() ? 1 : 0),
            new PgUnnest.Column<AttemptTransition>("text", String.class, t -> t.executorId().orElse(null)),
            new PgUnnest.Column<AttemptTransition>("text", String.class, t -> t.token().orElse(null)),
            new PgUnnest.Column<AttemptTransition>("text", String.class, t -> t.error().orElse(null)),
            new PgUnnest.Column<AttemptTransition>("bigint", Long.class, t -> Micros.ofNullable(t.leaseDeadline())),
            new PgUnnest.Column<AttemptTransition>("text", String.class,
                    t -> t.branch().map(TransitionSql::joinBranch).orElse(null)),
            new PgUnnest.Column<AttemptTransition>("text", String.class, t -> t.reason().orElse(null))),
            AttemptTransition::key, rs -> new AttemptKey(rs.getLong(1), rs.getString(2), rs.getInt(3)));

    private PgSetTransitions() {
    }

    /**
     * @param transitions a batch
     * @return true when no attempt appears twice
     */
    static boolean distinct(List<AttemptTransition> transitions) {
        return PgUnnest.distinct(transitions, AttemptTransition::key);
    }

    /**
     * Runs the batch (inside the caller's transaction).
     *
     * @param c the connection
     * @param ts transitions on distinct attempts
     * @return update counts (1 applied, 0 not), in the order of {@code ts}
     * @throws SQLException from the driver
     */
    static int[] execute(Connection c, List<AttemptTransition> ts) throws SQLException {
        return BATCH.execute(c, ts);
    }
}
