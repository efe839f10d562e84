package ppacer.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEvent;

/**
 * The batch trigger's writes in one transaction: the runs and their schedule events with JDBC
 * statement batching (pgJDBC rewrites a batch of INSERTs into multi-row INSERTs with
 * {@code reWriteBatchedInserts}, Connector/J with {@code rewriteBatchedStatements}, both set by
 * {@link Dialect#timeouts}), then the new ids read back in one range query per DAG (portable: no
 * reliance on generated keys of a batch, which drivers return differently), then the audit row.
 */
final class RunBatchSql {
    private static final String INSERT_RUN = "INSERT INTO dag_runs (dag_id, logical_time, status, params_json, trigger_type, "
            + "task_count, restarts, created_at, updated_at, bundle_hash) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)";
    private static final String INSERT_EVENT = "INSERT INTO schedule_events (dag_id, event_type, scheduled_at, next_at, "
            + "created_at) VALUES (?, ?, ?, ?, ?)";
    private static final String IDS = "SELECT run_id, logical_time FROM dag_runs WHERE dag_id = ? AND logical_time >= ? "
            + "AND logical_time <= ?";

    private RunBatchSql() {
    }

    /**
     * @param c the connection, in the caller's transaction
     * @param runs the runs (not empty)
     * @param events schedule events to insert with them
     * @param audit the action's audit row, if any
     * @return the new ids in the order of {@code runs}
     * @throws SQLException from the driver (a duplicate logical time among them)
     */
    static List<Long> insert(Connection c, List<NewDagRun> runs, List<ScheduleEvent> events, Optional<AuditEntry> audit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_RUN)) {
            for (NewDagRun run : runs) {
                long at = Micros.of(run.createdAt());
                ps.setString(1, run.dagId());
                ps.setLong(2, Micros.of(run.logicalTime()));
                ps.setString(3, run.status().name());
                ps.setString(4, run.paramsJson());
                ps.setString(5, run.trigger().name());
                ps.setInt(6, run.taskCount());
                ps.setLong(7, at);
                ps.setLong(8, at);
                if (run.bundleHash().isPresent()) {
                    ps.setString(9, run.bundleHash().get());
                } else {
                    ps.setNull(9, Types.VARCHAR);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (!events.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                for (ScheduleEvent e : events) {
                    ps.setString(1, e.dagId());
                    ps.setString(2, e.type().name());
                    setMicros(ps, 3, e.scheduledAt());
                    setMicros(ps, 4, e.nextAt());
                    ps.setLong(5, Micros.of(e.createdAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        List<Long> ids = ids(c, runs);
        if (audit.isPresent()) {
            AuditEntry a = audit.get();
            JdbcAuditStore.insert(c, a.withTarget(a.target().withRun(ids.getFirst()))
                    .withAfter(a.after().map(x -> x + " ").orElse("") + "#" + ids.getFirst() + "..#" + ids.getLast()));
        }
        return ids;
    }

    private static void setMicros(PreparedStatement ps, int index, Optional<java.time.Instant> t) throws SQLException {
        if (t.isPresent()) {
            ps.setLong(index, Micros.of(t.get()));
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    /** Reads the new ids back: logical times are unique per DAG, so (DAG, time) names each new run. */
    private static List<Long> ids(Connection c, List<NewDagRun> runs) throws SQLException {
        Map<String, long[]> ranges = new HashMap<>();
        for (NewDagRun r : runs) {
            long t = Micros.of(r.logicalTime());
            long[] range = ranges.computeIfAbsent(r.dagId(), k -> new long[] {t, t});
            range[0] = Math.min(range[0], t);
            range[1] = Math.max(range[1], t);
        }
        Map<String, Map<Long, Long>> byDag = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(IDS)) {
            for (Map.Entry<String, long[]> e : ranges.entrySet()) {
                Map<Long, Long> byTime = new HashMap<>();
                ps.setString(1, e.getKey());
                ps.setLong(2, e.getValue()[0]);
                ps.setLong(3, e.getValue()[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byTime.put(rs.getLong(2), rs.getLong(1));
                    }
                }
                byDag.put(e.getKey(), byTime);
            }
        }
        List<Long> ids = new ArrayList<>(runs.size());
        for (NewDagRun r : runs) {
            ids.add(byDag.get(r.dagId()).get(Micros.of(r.logicalTime())));
        }
        return List.copyOf(ids);
    }
}
