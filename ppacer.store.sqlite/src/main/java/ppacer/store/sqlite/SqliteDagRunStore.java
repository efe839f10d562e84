package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;
import static ppacer.store.sqlite.Sql.optionalInstant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.RunTransition;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;

/** The {@code dag_runs} and {@code dag_run_restarts} tables. */
final class SqliteDagRunStore implements DagRunStore {
    private static final String COLUMNS = "run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
            + "restarts, created_at, started_at, finished_at, updated_at, backfill_id, bundle_hash";
    private static final String UNFINISHED = "'QUEUED', 'READY_TO_SCHEDULE', 'SCHEDULED', 'RUNNING'";
    /** Counts over the latest attempt of each task of the runs in {@code r}. */
    private static final String PROGRESS = "SELECT r.*, "
            + "COALESCE(SUM(a.status IN ('SUCCESS', 'FAILED', 'UPSTREAM_FAILED', 'SKIPPED')), 0) AS tasks_done, "
            + "COALESCE(SUM(a.status IN ('FAILED', 'UPSTREAM_FAILED')), 0) AS tasks_failed FROM (%s) r "
            + "LEFT JOIN task_attempts a ON a.run_id = r.run_id AND NOT EXISTS (SELECT 1 FROM task_attempts b "
            + "WHERE b.run_id = a.run_id AND b.task_id = a.task_id AND b.attempt > a.attempt) "
            + "GROUP BY r.run_id ORDER BY r.run_id DESC";

    /** The latest run of a DAG (package-private: the query-plan test explains it). */
    static final String LATEST = "SELECT " + COLUMNS + " FROM dag_runs WHERE dag_id = ? ORDER BY logical_time DESC LIMIT 1";
    /** The unfinished runs. */
    static final String UNFINISHED_RUNS = "SELECT " + COLUMNS + " FROM dag_runs WHERE status IN (" + UNFINISHED + ") "
            + "ORDER BY run_id";

    private final SqliteGateway db;

    SqliteDagRunStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public long insert(NewDagRun run, Optional<AuditEntry> audit) {
        return db.write(() -> "insert the run of DAG '" + run.dagId() + "' at logical time "
                + Sql.instant(micros(run.logicalTime())), s -> {
            long id = insertRun(s, run);
            SqliteAuditStore.insert(s, audit.map(a -> a.withTarget(a.target().withRun(id))));
            return id;
        });
    }

    @Override
    public List<Long> insertAll(List<NewDagRun> runs, List<ScheduleEvent> events, Optional<AuditEntry> audit) {
        if (runs.isEmpty()) {
            return List.of();
        }
        NewDagRun first = runs.getFirst();
        return db.write(() -> "insert " + runs.size() + " runs of DAG '" + first.dagId() + "' starting at logical time "
                + Sql.instant(micros(first.logicalTime())), s -> {
            // one prepared statement per shape, run row by row: SQLite is in-process, so a row costs
            // microseconds and the transaction (one commit) is what a batch saves
            List<Long> ids = new ArrayList<>(runs.size());
            for (NewDagRun run : runs) {
                ids.add(insertRun(s, run));
            }
            SqliteScheduleEventStore.insert(s, events);
            SqliteAuditStore.insert(s, audit.map(a -> a.withTarget(a.target().withRun(ids.getFirst()))
                    .withAfter(a.after().map(x -> x + " ").orElse("") + "#" + ids.getFirst() + "..#" + ids.getLast())));
            return List.copyOf(ids);
        });
    }

    @Override
    public List<Instant> logicalTimes(String dagId, Instant from, Instant to) {
        return db.read(() -> "read the logical times of DAG '" + dagId + "' from " + from + " to " + to, s -> {
            PreparedStatement ps = s.prepare("SELECT logical_time FROM dag_runs WHERE dag_id = ? AND logical_time >= ? "
                    + "AND logical_time <= ? ORDER BY logical_time");
            ps.setString(1, dagId);
            ps.setLong(2, micros(from));
            ps.setLong(3, micros(to));
            List<Instant> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(instant(rs, "logical_time"));
                }
            }
            return List.copyOf(out);
        });
    }

    /** Inserts a run row in the caller's transaction and returns its id. */
    static long insertRun(Session s, NewDagRun run) throws SQLException {
        // bundle_hash only when set: a run of a built-in DAG is the same statement as before schema v8
        PreparedStatement ps = s.prepare("INSERT INTO dag_runs (dag_id, logical_time, status, params_json, trigger_type, "
                + "task_count, created_at, started_at, finished_at, updated_at"
                + (run.bundleHash().isPresent() ? ", bundle_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        long at = micros(run.createdAt());
        ps.setString(1, run.dagId());
        ps.setLong(2, micros(run.logicalTime()));
        ps.setString(3, run.status().name());
        ps.setString(4, run.paramsJson());
        ps.setString(5, run.trigger().name());
        ps.setInt(6, run.taskCount());
        ps.setLong(7, at);
        setIf(ps, 8, run.status() == DagRunStatus.RUNNING, at);
        setIf(ps, 9, run.status().isTerminal(), at);
        ps.setLong(10, at);
        if (run.bundleHash().isPresent()) {
            ps.setString(11, run.bundleHash().get());
        }
        ps.executeUpdate();
        long id;
        try (ResultSet rs = s.prepare("SELECT last_insert_rowid()").executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        return id;
    }

    private static void setIf(PreparedStatement ps, int index, boolean set, long value) throws SQLException {
        if (set) {
            ps.setLong(index, value);
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    @Override
    public boolean transition(long runId, DagRunStatus from, DagRunStatus to, Instant at) {
        return db.write(() -> "move run " + runId + " from " + from + " to " + to,
                s -> apply(s, new RunTransition(runId, from, to, at)));
    }

    @Override
    public List<Boolean> transitionAll(List<RunTransition> transitions) {
        if (transitions.isEmpty()) {
            return List.of();
        }
        return db.write(() -> "apply " + transitions.size() + " run transitions starting with run "
                + transitions.getFirst().runId(), s -> {
            List<Boolean> out = new ArrayList<>(transitions.size());
            for (RunTransition t : transitions) {
                out.add(apply(s, t));
            }
            return List.copyOf(out);
        });
    }

    /** Applies one compare-and-set run transition in the caller's transaction. */
    private static boolean apply(Session s, RunTransition t) throws SQLException {
        PreparedStatement ps = s.prepare("UPDATE dag_runs SET status = ?, updated_at = ?, "
                + "started_at = COALESCE(started_at, ?), finished_at = COALESCE(?, finished_at) "
                + "WHERE run_id = ? AND status = ?");
        long at = micros(t.at());
        ps.setString(1, t.to().name());
        ps.setLong(2, at);
        setIf(ps, 3, t.to() == DagRunStatus.RUNNING, at);
        setIf(ps, 4, t.to().isTerminal(), at);
        ps.setLong(5, t.runId());
        ps.setString(6, t.from().name());
        return ps.executeUpdate() == 1;
    }

    @Override
    public boolean restart(long runId, Instant at, Optional<AuditEntry> audit) {
        return db.write(() -> "restart run " + runId, s -> {
            PreparedStatement ps = s.prepare("UPDATE dag_runs SET status = 'RUNNING', restarts = restarts + 1, "
                    + "finished_at = NULL, updated_at = ? WHERE run_id = ? AND status = 'FAILED'");
            ps.setLong(1, micros(at));
            ps.setLong(2, runId);
            if (ps.executeUpdate() != 1) {
                return false;
            }
            PreparedStatement restart = s.prepare("INSERT INTO dag_run_restarts (run_id, restart, at) "
                    + "SELECT run_id, restarts, ? FROM dag_runs WHERE run_id = ?");
            restart.setLong(1, micros(at));
            restart.setLong(2, runId);
            restart.executeUpdate();
            SqliteAuditStore.insert(s, audit);
            return true;
        });
    }

    @Override
    public Optional<DagRunRecord> find(long runId) {
        return db.read(() -> "read run " + runId, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM dag_runs WHERE run_id = ?");
            ps.setLong(1, runId);
            return first(ps);
        });
    }

    @Override
    public Optional<DagRunRecord> find(String dagId, Instant logicalTime) {
        return db.read(() -> "read the run of DAG '" + dagId + "' at " + logicalTime, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM dag_runs WHERE dag_id = ? AND logical_time = ?");
            ps.setString(1, dagId);
            ps.setLong(2, micros(logicalTime));
            return first(ps);
        });
    }

    @Override
    public Optional<DagRunRecord> latest(String dagId) {
        return db.read(() -> "read the latest run of DAG '" + dagId + "'", s -> {
            PreparedStatement ps = s.prepare(LATEST);
            ps.setString(1, dagId);
            return first(ps);
        });
    }

    @Override
    public List<DagRunRecord> unfinished() {
        return db.read(() -> "read unfinished runs", s -> {
            List<DagRunRecord> out = new ArrayList<>();
            try (ResultSet rs = s.prepare(UNFINISHED_RUNS).executeQuery()) {
                while (rs.next()) {
                    out.add(run(rs));
                }
            }
            return out;
        });
    }

    @Override
    public List<DagRunSummary> recent(Optional<String> dagId, Optional<Long> beforeRunId, int limit) {
        return db.read(() -> "read recent runs" + dagId.map(d -> " of DAG '" + d + "'").orElse(""), s -> {
            PreparedStatement ps = s.prepare(recentSql(dagId.isPresent(), beforeRunId.isPresent()));
            int i = 1;
            if (dagId.isPresent()) {
                ps.setString(i++, dagId.get());
            }
            if (beforeRunId.isPresent()) {
                ps.setLong(i++, beforeRunId.get());
            }
            ps.setInt(i, limit);
            List<DagRunSummary> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DagRunSummary(run(rs), rs.getInt("tasks_done"), rs.getInt("tasks_failed")));
                }
            }
            return out;
        });
    }

    /**
     * @param byDag whether the query takes a DAG id ({@code dag_id = ?})
     * @param beforeRunId whether it takes a run id to page before ({@code run_id < ?})
     * @return the query of {@link #recent}: a page of runs with their task progress; the limit is its last parameter
     */
    static String recentSql(boolean byDag, boolean beforeRunId) {
        List<String> where = new ArrayList<>();
        if (byDag) {
            where.add("dag_id = ?");
        }
        if (beforeRunId) {
            where.add("run_id < ?");
        }
        String page = "SELECT " + COLUMNS + " FROM dag_runs"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY run_id DESC LIMIT ?";
        return PROGRESS.formatted(page);
    }

    @Override
    public Map<DagRunStatus, Long> countByStatus() {
        return db.read(() -> "count runs by status", s -> {
            Map<DagRunStatus, Long> out = new EnumMap<>(DagRunStatus.class);
            try (ResultSet rs = s.prepare("SELECT status, COUNT(*) FROM dag_runs GROUP BY status").executeQuery()) {
                while (rs.next()) {
                    out.put(DagRunStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private static Optional<DagRunRecord> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(run(rs)) : Optional.empty();
        }
    }

    private static java.util.OptionalLong backfillId(ResultSet rs) throws SQLException {
        long id = rs.getLong("backfill_id");
        return rs.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(id);
    }

    private static DagRunRecord run(ResultSet rs) throws SQLException {
        return new DagRunRecord(rs.getLong("run_id"), rs.getString("dag_id"), instant(rs, "logical_time"),
                DagRunStatus.valueOf(rs.getString("status")), rs.getString("params_json"),
                ScheduleEventType.valueOf(rs.getString("trigger_type")), rs.getInt("task_count"), rs.getInt("restarts"),
                instant(rs, "created_at"), optionalInstant(rs, "started_at"), optionalInstant(rs, "finished_at"),
                instant(rs, "updated_at"), backfillId(rs), Optional.ofNullable(rs.getString("bundle_hash")));
    }
}
