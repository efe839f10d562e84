package ppacer.store.jdbc;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
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
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.StoredOutput;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.api.spi.TaskExpansion;

/** Task attempts. Transitions go through the group-commit writer (or one commit each when disabled). */
final class JdbcAttemptStore implements TaskAttemptStore {
    private static final String COLUMNS = "a.run_id, a.task_id, a.attempt, a.status, a.scheduled_at, a.started_at, "
            + "a.finished_at, a.updated_at, a.executor_id, a.token, a.lease_deadline, a.error, a.branch, a.reason";
    /** One attempt by its key (package-private: the query-plan test explains the hot queries). */
    static final String FIND = "SELECT " + COLUMNS + " FROM task_attempts a WHERE a.run_id = ? AND a.task_id = ? AND a.attempt = ?";
    /** The latest attempt of each task of a run. */
    static final String LATEST = "SELECT " + COLUMNS
            + " FROM task_attempts a WHERE a.run_id = ? AND NOT EXISTS (SELECT 1 FROM task_attempts b"
            + " WHERE b.run_id = a.run_id AND b.task_id = a.task_id AND b.attempt > a.attempt) ORDER BY a.task_id";
    /** The unfinished attempts. */
    static final String UNFINISHED = "SELECT " + COLUMNS + " FROM task_attempts a WHERE a.status IN "
            + "('SCHEDULED', 'RUNNING', 'DEFERRED') ORDER BY a.run_id, a.task_id, a.attempt";
    private static final String OUTPUT_COLUMNS = "o.run_id, o.task_id, o.attempt, o.content_type, o.content, o.created_at";
    /** The latest output of one task of a run. */
    static final String LATEST_OUTPUT = "SELECT " + OUTPUT_COLUMNS + " FROM task_outputs o WHERE o.run_id = ? "
            + "AND o.task_id = ? ORDER BY o.attempt DESC LIMIT 1";
    /** The latest output of a task in an earlier run of a DAG. */
    static final String PREVIOUS_OUTPUT = "SELECT " + OUTPUT_COLUMNS + " FROM dag_runs r JOIN task_outputs o "
            + "ON o.run_id = r.run_id AND o.task_id = ? WHERE r.dag_id = ? AND r.logical_time < ? "
            + "ORDER BY r.logical_time DESC, o.attempt DESC LIMIT 1";
    /** Rows per multi-row INSERT statement (7 parameters each, far below the drivers' limits). */
    private static final int ROWS_PER_INSERT = 500;
    private final JdbcGateway db;
    private final TransitionWriter writer;
    private final boolean groupCommit;

    JdbcAttemptStore(JdbcGateway db, TransitionWriter writer, boolean groupCommit) {
        this.db = db;
        this.writer = writer;
        this.groupCommit = groupCommit;
    }

    @Override
    public void insert(List<NewAttempt> attempts, Optional<AuditEntry> audit) {
        if (attempts.isEmpty()) {
            return;
        }
        String what = "Inserting " + attempts.size() + " attempt(s) starting with " + attempts.getFirst().key();
        if (attempts.size() > 1) {
            try {
                db.tx(what, tx -> {
                    for (int from = 0; from < attempts.size(); from += ROWS_PER_INSERT) {
                        insertRows(tx, attempts.subList(from, Math.min(attempts.size(), from + ROWS_PER_INSERT)));
                    }
                    JdbcAuditStore.insert(tx, audit);
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (!db.failures().isDuplicateKey(e)) {
                    throw e;
                }
                // rolled back: insert row by row to name the attempt that exists (and refuse the batch)
            }
        }
        db.tx(what, tx -> {
            for (NewAttempt a : attempts) {
                try {
                    insertRows(tx, List.of(a));
                } catch (RuntimeException e) {
                    if (db.failures().isDuplicateKey(e)) {
                        throw new DuplicateKeyException("Attempt " + a.key() + " already exists in "
                                + db.failures().store() + "; none of the " + attempts.size() + " attempt(s) was inserted",
                                db.failures().wrap(what, e));
                    }
                    throw e;
                }
            }
            JdbcAuditStore.insert(tx, audit);
            return null;
        });
    }

    /**
     * One multi-row INSERT: one statement and one round trip for the rows instead of one each. An
     * absent reason is the literal NULL (drivers differ on untyped null parameters).
     */
    private static void insertRows(DbExecute tx, List<NewAttempt> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, "
                + "finished_at, updated_at, reason) VALUES ");
        List<Object> params = new ArrayList<>(rows.size() * 7);
        for (int i = 0; i < rows.size(); i++) {
            NewAttempt a = rows.get(i);
            long at = Micros.of(a.at());
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ").append(a.status().isFinished() ? at : "NULL")
                    .append(", ?, ").append(a.reason().isPresent() ? "?" : "NULL").append(')');
            params.add(a.key().runId());
            params.add(a.key().taskId());
            params.add(a.key().attempt());
            params.add(a.status().name());
            params.add(at);
            params.add(at);
            a.reason().ifPresent(params::add);
        }
        JdbcGateway.dml(tx, sql.toString(), params.toArray());
    }

    @Override
    public boolean transition(AttemptTransition transition, Optional<AuditEntry> audit) {
        if (audit.isPresent()) { // alone in its transaction, with its audit row
            db.ensureOpen();
            return writer.applyNow(List.of(transition), db.epoch(), audit).getFirst();
        }
        return transitionAll(List.of(transition)).getFirst();
    }

    @Override
    public List<Boolean> transitionAll(List<AttemptTransition> transitions) {
        db.ensureOpen();
        return groupCommit ? writer.submit(transitions, db.epoch()) : writer.applyNow(transitions, db.epoch());
    }

    @Override
    public Optional<TaskAttemptRecord> find(AttemptKey key) {
        return db.first("Reading attempt " + key, FIND,
                JdbcAttemptStore::attempt, key.runId(), key.taskId(), key.attempt());
    }

    @Override
    public Map<String, StoredOutput> outputs(long runId, Collection<String> taskIds) {
        Map<String, StoredOutput> out = new HashMap<>();
        for (String taskId : new LinkedHashSet<>(taskIds)) {
            db.first("Reading the output of task '" + taskId + "' of run " + runId, LATEST_OUTPUT,
                    JdbcAttemptStore::output, runId, taskId).ifPresent(o -> out.put(taskId, o));
        }
        return out;
    }

    @Override
    public java.util.Set<String> tasksWithOutputs(long runId) {
        return new java.util.HashSet<>(db.query("Reading which tasks of run " + runId + " stored outputs",
                "SELECT DISTINCT task_id FROM task_outputs WHERE run_id = ?", r -> JdbcGateway.str(r, "task_id"), runId));
    }

    @Override
    public List<TaskExpansion> expansions(long runId) {
        return db.query("Reading the expansions of run " + runId, "SELECT task_id, item_count FROM task_expansions "
                + "WHERE run_id = ? ORDER BY task_id", r -> new TaskExpansion(JdbcGateway.str(r, "task_id"),
                JdbcGateway.integer(r, "item_count")), runId);
    }

    @Override
    public Optional<StoredOutput> output(AttemptKey key) {
        return db.first("Reading the output of " + key, "SELECT " + OUTPUT_COLUMNS + " FROM task_outputs o "
                + "WHERE o.run_id = ? AND o.task_id = ? AND o.attempt = ?", JdbcAttemptStore::output,
                key.runId(), key.taskId(), key.attempt());
    }

    @Override
    public Optional<StoredOutput> previousOutput(String dagId, String taskId, Instant before) {
        return db.first("Reading the previous output of task '" + taskId + "' of DAG '" + dagId + "'", PREVIOUS_OUTPUT,
                JdbcAttemptStore::output, taskId, dagId, Micros.of(before));
    }

    private static StoredOutput output(DbRow r) {
        return new StoredOutput(new AttemptKey(JdbcGateway.lng(r, "run_id"), JdbcGateway.str(r, "task_id"),
                JdbcGateway.integer(r, "attempt")), new TaskOutput(JdbcGateway.str(r, "content_type"),
                (byte[]) JdbcGateway.raw(r, "content")), Micros.toInstant(JdbcGateway.raw(r, "created_at")));
    }

    @Override
    public List<TaskAttemptRecord> latest(long runId) {
        return db.query("Reading the latest attempts of run " + runId, LATEST, JdbcAttemptStore::attempt, runId);
    }

    @Override
    public List<TaskAttemptRecord> attempts(long runId, String taskId) {
        return db.query("Reading the attempts of run " + runId + " task '" + taskId + "'", "SELECT " + COLUMNS
                        + " FROM task_attempts a WHERE a.run_id = ? AND a.task_id = ? ORDER BY a.attempt",
                JdbcAttemptStore::attempt, runId, taskId);
    }

    @Override
    public List<TaskAttemptRecord> unfinished() {
        return db.query("Reading unfinished attempts", UNFINISHED, JdbcAttemptStore::attempt);
    }

    @Override
    public Map<TaskStatus, Long> countByStatus() {
        Map<TaskStatus, Long> out = new EnumMap<>(TaskStatus.class);
        db.query("Counting attempts by status", "SELECT status, COUNT(*) AS n FROM task_attempts GROUP BY status",
                r -> Map.entry(TaskStatus.valueOf(JdbcGateway.str(r, "status")), JdbcGateway.lng(r, "n")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static TaskAttemptRecord attempt(DbRow r) {
        return new TaskAttemptRecord(new AttemptKey(JdbcGateway.lng(r, "run_id"), JdbcGateway.str(r, "task_id"), JdbcGateway.integer(r, "attempt")),
                TaskStatus.valueOf(JdbcGateway.str(r, "status")), Micros.toInstant(JdbcGateway.raw(r, "scheduled_at")),
                Micros.toOptional(JdbcGateway.raw(r, "started_at")), Micros.toOptional(JdbcGateway.raw(r, "finished_at")),
                Micros.toInstant(JdbcGateway.raw(r, "updated_at")), Optional.ofNullable(JdbcGateway.str(r, "executor_id")),
                Optional.ofNullable(JdbcGateway.str(r, "token")), Micros.toOptional(JdbcGateway.raw(r, "lease_deadline")),
                Optional.ofNullable(JdbcGateway.str(r, "error")), TransitionSql.splitBranch(JdbcGateway.str(r, "branch")),
                Optional.ofNullable(JdbcGateway.str(r, "reason")));
    }
}
