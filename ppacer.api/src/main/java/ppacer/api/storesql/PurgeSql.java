package ppacer.api.storesql;

import java.util.ArrayList;
import java.util.List;
import ppacer.api.spi.PurgeCriteria;

/**
 * The SQL of a purge's candidates: the finished runs that {@link PurgeCriteria} take, with their
 * parameters (a run-id query without order or limit, to wrap in a batch, a count or an IN list).
 * Plain SQL that SQLite, PostgreSQL and MySQL/MariaDB all run, shared by the two store modules (this
 * package is exported to them only).
 *
 * @param sql the {@code SELECT r.run_id FROM dag_runs r WHERE ...} query
 * @param params its parameters, in order
 */
public record PurgeSql(String sql, List<Object> params) {
    /** The tables deleted with a run, children first, each with a {@code run_id} column. */
    public static final List<String> RUN_TABLES = List.of("task_logs", "task_outputs", "deadline_alerts", "task_expansions",
            "task_deferrals", "task_attempts", "dag_run_restarts", "dag_runs");

    /**
     * @param c the criteria
     * @param withLogs true to take only runs that still have task logs
     * @param micros the cutoff in the store's microseconds
     * @return the candidate query
     */
    public static PurgeSql candidates(PurgeCriteria c, boolean withLogs, long micros) {
        StringBuilder sql = new StringBuilder("SELECT r.run_id FROM dag_runs r WHERE r.status IN ('SUCCESS', 'FAILED') "
                + "AND r.updated_at < ? AND (r.backfill_id IS NULL OR NOT EXISTS (SELECT 1 FROM backfills b "
                + "WHERE b.backfill_id = r.backfill_id AND b.state IN ('RUNNING', 'PAUSED')))");
        List<Object> params = new ArrayList<>(List.of(micros));
        if (c.dagId().isPresent()) {
            sql.append(" AND r.dag_id = ?");
            params.add(c.dagId().get());
        }
        if (c.keepLastPerDag() > 0) {
            // older than the keepLastPerDag-th latest run of its DAG (NULL, so kept, when the DAG has fewer)
            sql.append(" AND r.logical_time < (SELECT n.logical_time FROM dag_runs n WHERE n.dag_id = r.dag_id "
                    + "ORDER BY n.logical_time DESC LIMIT 1 OFFSET ?)");
            params.add((long) c.keepLastPerDag() - 1);
        }
        if (withLogs) {
            sql.append(" AND EXISTS (SELECT 1 FROM task_logs l WHERE l.run_id = r.run_id)");
        }
        return new PurgeSql(sql.toString(), List.copyOf(params));
    }

    /**
     * The schedule events older than the cutoff (of the criteria's DAG when given), the latest of
     * each DAG excepted: {@code SELECT e.event_id FROM schedule_events e WHERE ...}.
     *
     * @param c the criteria
     * @param micros the cutoff in the store's microseconds
     * @return the query
     */
    public static PurgeSql scheduleEvents(PurgeCriteria c, long micros) {
        StringBuilder sql = new StringBuilder("SELECT e.event_id FROM schedule_events e WHERE e.created_at < ?");
        List<Object> params = new ArrayList<>(List.of(micros));
        if (c.dagId().isPresent()) {
            sql.append(" AND e.dag_id = ?");
            params.add(c.dagId().get());
        }
        sql.append(" AND e.event_id < (SELECT MAX(m.event_id) FROM schedule_events m WHERE m.dag_id = e.dag_id)");
        return new PurgeSql(sql.toString(), List.copyOf(params));
    }

    /** @return this query limited to {@code ?} rows (one more parameter, the limit, last) */
    public String limited() {
        return sql + " LIMIT ?";
    }

    /**
     * @param count how many {@code ?} to join
     * @return {@code ?, ?, ...}
     */
    public static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
