package ppacer.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
              lease_deadline = CASE WHEN v.finishes = 1 THEN NULL ELSE COALESCE(v.lease, t.lease_deadline) END
            FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS bigint[]), CAST(? AS int[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS text[]), CAST(? AS bigint[]))
              AS v(run_id, task_id, attempt, from_status, to_status, at, starts, finishes, executor_id, token, error, lease)
            WHERE t.run_id = v.run_id AND t.task_id = v.task_id AND t.attempt = v.attempt AND t.status = v.from_status
            RETURNING t.run_id, t.task_id, t.attempt""";

    private PgSetTransitions() {
    }

    /**
     * @param transitions a batch
     * @return true when no attempt appears twice
     */
    static boolean distinct(List<AttemptTransition> transitions) {
        Set<AttemptKey> seen = new HashSet<>();
        for (AttemptTransition t : transitions) {
            if (!seen.add(t.key())) {
                return false;
            }
        }
        return true;
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
        int n = ts.size();
        Long[] runIds = new Long[n];
        String[] taskIds = new String[n];
        Integer[] attempts = new Integer[n];
        String[] from = new String[n];
        String[] to = new String[n];
        Long[] at = new Long[n];
        Integer[] starts = new Integer[n];
        Integer[] finishes = new Integer[n];
        String[] executors = new String[n];
        String[] tokens = new String[n];
        String[] errors = new String[n];
        Long[] leases = new Long[n];
        for (int i = 0; i < n; i++) {
            AttemptTransition t = ts.get(i);
            runIds[i] = t.key().runId();
            taskIds[i] = t.key().taskId();
            attempts[i] = t.key().attempt();
            from[i] = t.from().name();
            to[i] = t.to().name();
            at[i] = Micros.of(t.at());
            starts[i] = t.to() == TaskStatus.RUNNING && t.from() != TaskStatus.RUNNING ? 1 : 0;
            finishes[i] = t.to().isFinished() ? 1 : 0;
            executors[i] = t.executorId().orElse(null);
            tokens[i] = t.token().orElse(null);
            errors[i] = t.error().orElse(null);
            leases[i] = Micros.ofNullable(t.leaseDeadline());
        }
        Set<AttemptKey> applied = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setArray(1, c.createArrayOf("bigint", runIds));
            ps.setArray(2, c.createArrayOf("text", taskIds));
            ps.setArray(3, c.createArrayOf("integer", attempts));
            ps.setArray(4, c.createArrayOf("text", from));
            ps.setArray(5, c.createArrayOf("text", to));
            ps.setArray(6, c.createArrayOf("bigint", at));
            ps.setArray(7, c.createArrayOf("integer", starts));
            ps.setArray(8, c.createArrayOf("integer", finishes));
            ps.setArray(9, c.createArrayOf("text", executors));
            ps.setArray(10, c.createArrayOf("text", tokens));
            ps.setArray(11, c.createArrayOf("text", errors));
            ps.setArray(12, c.createArrayOf("bigint", leases));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied.add(new AttemptKey(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = applied.contains(ts.get(i).key()) ? 1 : 0;
        }
        return counts;
    }
}
