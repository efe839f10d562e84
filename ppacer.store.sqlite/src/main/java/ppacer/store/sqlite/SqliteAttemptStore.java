package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;
import static ppacer.store.sqlite.Sql.optionalInstant;
import static ppacer.store.sqlite.Sql.optionalString;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.StoredOutput;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.api.spi.TaskExpansion;

/** The {@code task_attempts} table: inserts, compare-and-set transitions, reads. */
final class SqliteAttemptStore implements TaskAttemptStore {
    private static final String COLUMNS = "run_id, task_id, attempt, status, scheduled_at, started_at, finished_at, "
            + "updated_at, executor_id, token, lease_deadline, error, branch, reason";
    static final String TRANSITION = "UPDATE task_attempts SET status = ?, updated_at = ?, "
            + "started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at), "
            + "executor_id = COALESCE(?, executor_id), token = COALESCE(?, token), "
            + "lease_deadline = CASE WHEN ? THEN NULL ELSE COALESCE(?, lease_deadline) END, error = COALESCE(?, error), "
            + "branch = COALESCE(?, branch), reason = COALESCE(?, reason) "
            + "WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = ?";
    static final String INSERT_OUTPUT = "INSERT INTO task_outputs (run_id, task_id, attempt, content_type, content, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?)";
    /** Removes the expansion a success of the parent replaces (same transaction as the new one). */
    static final String DELETE_EXPANSION = "DELETE FROM task_expansions WHERE run_id = ? AND task_id = ?";
    /** Stores an expansion; run in the transaction of the parent's SUCCESS, when it applied. */
    static final String INSERT_EXPANSION = "INSERT INTO task_expansions (run_id, task_id, item_count, created_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String OUTPUT_COLUMNS = "o.run_id, o.task_id, o.attempt, o.content_type, o.content, o.created_at";
    /** The latest output of one task of a run. */
    static final String LATEST_OUTPUT = "SELECT " + OUTPUT_COLUMNS + " FROM task_outputs o WHERE o.run_id = ? "
            + "AND o.task_id = ? ORDER BY o.attempt DESC LIMIT 1";
    /** The latest output of a task in an earlier run of a DAG. */
    static final String PREVIOUS_OUTPUT = "SELECT " + OUTPUT_COLUMNS + " FROM dag_runs r JOIN task_outputs o "
            + "ON o.run_id = r.run_id AND o.task_id = ? WHERE r.dag_id = ? AND r.logical_time < ? "
            + "ORDER BY r.logical_time DESC, o.attempt DESC LIMIT 1";
    /** Reads one attempt by its key (package-private: the query-plan test explains it). */
    static final String FIND = "SELECT " + COLUMNS + " FROM task_attempts WHERE run_id = ? AND task_id = ? AND attempt = ?";
    /** Reads the unfinished attempts. */
    static final String UNFINISHED = "SELECT " + COLUMNS
            + " FROM task_attempts WHERE status IN ('SCHEDULED', 'RUNNING', 'DEFERRED') ORDER BY run_id, task_id, attempt";
    static final String LATEST = "SELECT " + COLUMNS + " FROM task_attempts a WHERE run_id = ? AND NOT EXISTS "
            + "(SELECT 1 FROM task_attempts b WHERE b.run_id = a.run_id AND b.task_id = a.task_id AND b.attempt > a.attempt) "
            + "ORDER BY task_id";

    private final SqliteGateway db;

    SqliteAttemptStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public void insert(List<NewAttempt> attempts, Optional<AuditEntry> audit) {
        if (attempts.isEmpty()) {
            return;
        }
        AttemptKey[] current = new AttemptKey[1];
        db.write(() -> "insert " + (current[0] == null ? attempts.size() + " attempts" : "attempt " + current[0]), s -> {
            PreparedStatement ps = s.prepare("INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, "
                    + "finished_at, updated_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (NewAttempt a : attempts) {
                current[0] = a.key();
                long at = micros(a.at());
                ps.setLong(1, a.key().runId());
                ps.setString(2, a.key().taskId());
                ps.setInt(3, a.key().attempt());
                ps.setString(4, a.status().name());
                ps.setLong(5, at);
                setIf(ps, 6, a.status().isFinished(), at);
                ps.setLong(7, at);
                Sql.setOptionalString(ps, 8, a.reason());
                ps.executeUpdate();
            }
            current[0] = null;
            SqliteAuditStore.insert(s, audit);
            return null;
        });
    }

    @Override
    public boolean transition(AttemptTransition t, Optional<AuditEntry> audit) {
        return db.write(() -> "apply " + t.from() + " → " + t.to() + " to " + t.key(), s -> {
            if (!apply(s, t)) {
                return false;
            }
            SqliteAuditStore.insert(s, audit);
            return true;
        });
    }

    @Override
    public List<Boolean> transitionAll(List<AttemptTransition> transitions) {
        if (transitions.isEmpty()) {
            return List.of();
        }
        return db.write(() -> "apply " + transitions.size() + " attempt transitions", s -> {
            List<Boolean> out = new ArrayList<>(transitions.size());
            for (AttemptTransition t : transitions) {
                out.add(apply(s, t));
            }
            return out;
        });
    }

    /** Applies one compare-and-set transition in the caller's transaction. */
    static boolean apply(Session s, AttemptTransition t) throws SQLException {
        PreparedStatement ps = s.prepare(TRANSITION);
        long at = micros(t.at());
        boolean finished = t.to().isFinished();
        ps.setString(1, t.to().name());
        ps.setLong(2, at);
        setIf(ps, 3, t.to() == TaskStatus.RUNNING && t.from() != TaskStatus.RUNNING, at);
        setIf(ps, 4, finished, at);
        Sql.setOptionalString(ps, 5, t.executorId());
        Sql.setOptionalString(ps, 6, t.token());
        ps.setBoolean(7, finished);
        Sql.setOptionalInstant(ps, 8, t.leaseDeadline());
        Sql.setOptionalString(ps, 9, t.error());
        Sql.setOptionalList(ps, 10, t.branch());
        Sql.setOptionalString(ps, 11, t.reason());
        ps.setLong(12, t.key().runId());
        ps.setString(13, t.key().taskId());
        ps.setInt(14, t.key().attempt());
        ps.setString(15, t.from().name());
        if (ps.executeUpdate() != 1) {
            return false;
        }
        if (t.output().isPresent()) {
            PreparedStatement out = s.prepare(INSERT_OUTPUT);
            out.setLong(1, t.key().runId());
            out.setString(2, t.key().taskId());
            out.setInt(3, t.key().attempt());
            out.setString(4, t.output().get().contentType());
            out.setBytes(5, t.output().get().bytes());
            out.setLong(6, at);
            out.executeUpdate();
        }
        for (TaskExpansion e : t.expansions()) {
            PreparedStatement del = s.prepare(DELETE_EXPANSION);
            del.setLong(1, t.key().runId());
            del.setString(2, e.taskId());
            del.executeUpdate();
            PreparedStatement ins = s.prepare(INSERT_EXPANSION);
            ins.setLong(1, t.key().runId());
            ins.setString(2, e.taskId());
            ins.setInt(3, e.count());
            ins.setLong(4, at);
            ins.executeUpdate();
        }
        return true;
    }

    private static void setIf(PreparedStatement ps, int index, boolean set, long value) throws SQLException {
        if (set) {
            ps.setLong(index, value);
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    @Override
    public Optional<TaskAttemptRecord> find(AttemptKey key) {
        return db.read(() -> "read " + key, s -> {
            PreparedStatement ps = s.prepare(FIND);
            ps.setLong(1, key.runId());
            ps.setString(2, key.taskId());
            ps.setInt(3, key.attempt());
            List<TaskAttemptRecord> found = list(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        });
    }

    @Override
    public Map<String, StoredOutput> outputs(long runId, Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Map.of();
        }
        return db.read(() -> "read the outputs of " + taskIds.size() + " tasks of run " + runId, s -> {
            Map<String, StoredOutput> out = new HashMap<>();
            PreparedStatement ps = s.prepare(LATEST_OUTPUT);
            for (String taskId : new LinkedHashSet<>(taskIds)) {
                ps.setLong(1, runId);
                ps.setString(2, taskId);
                output(ps).ifPresent(o -> out.put(taskId, o));
            }
            return out;
        });
    }

    @Override
    public List<TaskExpansion> expansions(long runId) {
        return db.read(() -> "read the expansions of run " + runId, s -> {
            PreparedStatement ps = s.prepare("SELECT task_id, item_count FROM task_expansions WHERE run_id = ? ORDER BY task_id");
            ps.setLong(1, runId);
            List<TaskExpansion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TaskExpansion(rs.getString(1), rs.getInt(2)));
                }
            }
            return out;
        });
    }

    @Override
    public java.util.Set<String> tasksWithOutputs(long runId) {
        return db.read(() -> "read which tasks of run " + runId + " stored outputs", s -> {
            PreparedStatement ps = s.prepare("SELECT DISTINCT task_id FROM task_outputs WHERE run_id = ?");
            ps.setLong(1, runId);
            java.util.Set<String> out = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<StoredOutput> output(AttemptKey key) {
        return db.read(() -> "read the output of " + key, s -> {
            PreparedStatement ps = s.prepare("SELECT " + OUTPUT_COLUMNS + " FROM task_outputs o WHERE o.run_id = ? "
                    + "AND o.task_id = ? AND o.attempt = ?");
            ps.setLong(1, key.runId());
            ps.setString(2, key.taskId());
            ps.setInt(3, key.attempt());
            return output(ps);
        });
    }

    @Override
    public Optional<StoredOutput> previousOutput(String dagId, String taskId, Instant before) {
        return db.read(() -> "read the previous output of task '" + taskId + "' of DAG '" + dagId + "'", s -> {
            PreparedStatement ps = s.prepare(PREVIOUS_OUTPUT);
            ps.setString(1, taskId);
            ps.setString(2, dagId);
            ps.setLong(3, micros(before));
            return output(ps);
        });
    }

    private static Optional<StoredOutput> output(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new StoredOutput(new AttemptKey(rs.getLong(1), rs.getString(2), rs.getInt(3)),
                    new TaskOutput(rs.getString(4), rs.getBytes(5)), Sql.instant(rs.getLong(6))));
        }
    }

    @Override
    public List<TaskAttemptRecord> latest(long runId) {
        return db.read(() -> "read the latest attempts of run " + runId, s -> {
            PreparedStatement ps = s.prepare(LATEST);
            ps.setLong(1, runId);
            return list(ps);
        });
    }

    @Override
    public List<TaskAttemptRecord> attempts(long runId, String taskId) {
        return db.read(() -> "read the attempts of run " + runId + " task '" + taskId + "'", s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM task_attempts WHERE run_id = ? AND task_id = ? "
                    + "ORDER BY attempt");
            ps.setLong(1, runId);
            ps.setString(2, taskId);
            return list(ps);
        });
    }

    @Override
    public List<TaskAttemptRecord> unfinished() {
        return db.read(() -> "read unfinished attempts", s -> list(s.prepare(UNFINISHED)));
    }

    @Override
    public Map<TaskStatus, Long> countByStatus() {
        return db.read(() -> "count attempts by status", s -> {
            Map<TaskStatus, Long> out = new EnumMap<>(TaskStatus.class);
            try (ResultSet rs = s.prepare("SELECT status, COUNT(*) FROM task_attempts GROUP BY status").executeQuery()) {
                while (rs.next()) {
                    out.put(TaskStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private static List<TaskAttemptRecord> list(PreparedStatement ps) throws SQLException {
        List<TaskAttemptRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TaskAttemptRecord(new AttemptKey(rs.getLong("run_id"), rs.getString("task_id"),
                        rs.getInt("attempt")), TaskStatus.valueOf(rs.getString("status")), instant(rs, "scheduled_at"),
                        optionalInstant(rs, "started_at"), optionalInstant(rs, "finished_at"), instant(rs, "updated_at"),
                        optionalString(rs, "executor_id"), optionalString(rs, "token"),
                        optionalInstant(rs, "lease_deadline"), optionalString(rs, "error"),
                        Sql.optionalList(rs, "branch"), optionalString(rs, "reason")));
            }
        }
        return out;
    }
}
