package ppacer.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.RunTransition;

/**
 * The compare-and-set UPDATE behind run status changes: a move to RUNNING sets {@code started_at}
 * on the first start, a move to a terminal status sets {@code finished_at}. On PostgreSQL a batch on
 * distinct runs is ONE set-based {@code UPDATE ... FROM unnest(arrays) ... RETURNING run_id};
 * otherwise (MySQL, or a batch that moves one run twice) one JDBC batch of the single-row UPDATE.
 */
final class RunTransitionSql {
    static final String UPDATE = """
            UPDATE dag_runs SET status = ?, updated_at = ?,
              started_at = CASE WHEN ? = 1 THEN COALESCE(started_at, ?) ELSE started_at END,
              finished_at = CASE WHEN ? = 1 THEN ? ELSE finished_at END
            WHERE run_id = ? AND status = ?""";
    private static final String PG_SET_UPDATE = """
            UPDATE dag_runs AS r SET status = v.to_status, updated_at = v.at,
              started_at = CASE WHEN v.starts = 1 THEN COALESCE(r.started_at, v.at) ELSE r.started_at END,
              finished_at = CASE WHEN v.finishes = 1 THEN v.at ELSE r.finished_at END
            FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]),
                        CAST(? AS int[]), CAST(? AS int[]))
              AS v(run_id, from_status, to_status, at, starts, finishes)
            WHERE r.run_id = v.run_id AND r.status = v.from_status
            RETURNING r.run_id""";

    private static final PgUnnest<RunTransition, Long> PG_SET = new PgUnnest<>(PG_SET_UPDATE, List.of(
            new PgUnnest.Column<RunTransition>("bigint", Long.class, RunTransition::runId),
            new PgUnnest.Column<RunTransition>("text", String.class, t -> t.from().name()),
            new PgUnnest.Column<RunTransition>("text", String.class, t -> t.to().name()),
            new PgUnnest.Column<RunTransition>("bigint", Long.class, t -> Micros.of(t.at())),
            new PgUnnest.Column<RunTransition>("integer", Integer.class, t -> t.to() == DagRunStatus.RUNNING ? 1 : 0),
            new PgUnnest.Column<RunTransition>("integer", Integer.class, t -> t.to().isTerminal() ? 1 : 0)),
            RunTransition::runId, rs -> rs.getLong(1));

    private RunTransitionSql() {
    }

    /**
     * Runs the transitions, in order, inside the caller's transaction.
     *
     * @param c the connection
     * @param dialect the dialect
     * @param ts the transitions
     * @return update counts (1 applied, 0 not, or {@link java.sql.Statement#SUCCESS_NO_INFO}), in the order of {@code ts}
     * @throws SQLException from the driver
     */
    static int[] execute(Connection c, Dialect dialect, List<RunTransition> ts) throws SQLException {
        if (dialect == Dialect.POSTGRESQL && ts.size() > 1 && PgUnnest.distinct(ts, RunTransition::runId)) {
            return PG_SET.execute(c, ts);
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            if (ts.size() == 1) {
                bind(ps, ts.getFirst());
                return new int[] {ps.executeUpdate()};
            }
            for (RunTransition t : ts) {
                bind(ps, t);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, RunTransition t) throws SQLException {
        long at = Micros.of(t.at());
        ps.setString(1, t.to().name());
        ps.setLong(2, at);
        ps.setInt(3, t.to() == DagRunStatus.RUNNING ? 1 : 0);
        ps.setLong(4, at);
        ps.setInt(5, t.to().isTerminal() ? 1 : 0);
        ps.setLong(6, at);
        ps.setLong(7, t.runId());
        ps.setString(8, t.from().name());
    }
}
