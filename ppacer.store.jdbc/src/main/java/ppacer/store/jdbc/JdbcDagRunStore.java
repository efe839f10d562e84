package ppacer.store.jdbc;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.RunTransition;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;

/** DAG runs; status changes are compare-and-set on (run id, status). */
final class JdbcDagRunStore implements DagRunStore {
    private static final String COLUMNS = "r.run_id, r.dag_id, r.logical_time, r.status, r.params_json, r.trigger_type, "
            + "r.task_count, r.restarts, r.created_at, r.started_at, r.finished_at, r.updated_at, r.backfill_id, r.bundle_hash";
    /** The latest run of a DAG (package-private: the query-plan test explains the hot queries). */
    static final String LATEST = "SELECT " + COLUMNS + " FROM dag_runs r WHERE r.dag_id = ? ORDER BY r.logical_time DESC LIMIT 1";
    /**
     * The unfinished runs, by the statuses they can have (an index range of {@code dag_runs_status}: a
     * {@code NOT IN ('SUCCESS', 'FAILED')} read every run of the history at each start and takeover).
     */
    static final String UNFINISHED = "SELECT " + COLUMNS + " FROM dag_runs r WHERE r.status IN ("
            + String.join(", ", java.util.Arrays.stream(DagRunStatus.values()).filter(s -> !s.isTerminal())
                    .map(s -> "'" + s.name() + "'").toList()) + ") ORDER BY r.run_id";
    /**
     * Task progress of a page of runs, over the latest attempt of each task: {@code %s} is one {@code ?} per
     * run id, and the ids are bound twice (PostgreSQL does not carry the list from one side of the join to the
     * other, and a {@code NOT EXISTS} over later attempts let it hash-join against the whole table).
     */
    static final String PROGRESS = "SELECT a.run_id, a.status, COUNT(*) AS n FROM task_attempts a JOIN "
            + "(SELECT run_id, task_id, MAX(attempt) AS attempt FROM task_attempts WHERE run_id IN (%1$s) "
            + "GROUP BY run_id, task_id) m ON a.run_id = m.run_id AND a.task_id = m.task_id AND a.attempt = m.attempt "
            + "WHERE a.run_id IN (%1$s) GROUP BY a.run_id, a.status";
    private final JdbcGateway db;
    private final TransitionWriter writer;
    private final boolean groupCommit;

    JdbcDagRunStore(JdbcGateway db, TransitionWriter writer, boolean groupCommit) {
        this.db = db;
        this.writer = writer;
        this.groupCommit = groupCommit;
    }

    @Override
    public long insert(NewDagRun run, Optional<AuditEntry> audit) {
        String what = "Inserting a run of DAG '" + run.dagId() + "' at " + run.logicalTime();
        return db.tx(what, tx -> {
            long id = insertRun(db, tx, run);
            JdbcAuditStore.insert(tx, audit.map(a -> a.withTarget(a.target().withRun(id))));
            return id;
        });
    }

    @Override
    public List<Long> insertAll(List<NewDagRun> runs, List<ScheduleEvent> events, Optional<AuditEntry> audit) {
        if (runs.isEmpty()) {
            return List.of();
        }
        db.ensureOpen();
        NewDagRun first = runs.getFirst();
        return db.jdbcTx("Inserting " + runs.size() + " runs of DAG '" + first.dagId() + "' starting at logical time "
                + first.logicalTime(), c -> RunBatchSql.insert(c, runs, events, audit));
    }

    @Override
    public List<Instant> logicalTimes(String dagId, Instant from, Instant to) {
        return db.query("Reading the logical times of DAG '" + dagId + "' from " + from + " to " + to,
                "SELECT logical_time FROM dag_runs WHERE dag_id = ? AND logical_time >= ? AND logical_time <= ? "
                        + "ORDER BY logical_time", r -> Micros.toInstant(JdbcGateway.raw(r, "logical_time")),
                dagId, Micros.of(from), Micros.of(to));
    }

    /** Inserts a run row in the caller's transaction and returns its id. */
    static long insertRun(JdbcGateway db, DbTransaction tx, NewDagRun run) {
        String what = "Inserting a run of DAG '" + run.dagId() + "' at " + run.logicalTime();
        try {
            long at = Micros.of(run.createdAt());
            JdbcGateway.dml(tx, "INSERT INTO dag_runs (dag_id, logical_time, status, params_json, trigger_type, task_count, "
                            + "restarts, created_at, updated_at, bundle_hash) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    run.dagId(), Micros.of(run.logicalTime()), run.status().name(), run.paramsJson(),
                    run.trigger().name(), run.taskCount(), at, at, run.bundleHash().orElse(null));
        } catch (RuntimeException e) {
            if (db.failures().isDuplicateKey(e)) {
                throw new DuplicateKeyException("DAG '" + run.dagId() + "' already has a run at logical time "
                        + run.logicalTime() + " in " + db.failures().store(), db.failures().wrap(what, e));
            }
            throw e;
        }
        // read back in the same transaction: portable (no RETURNING on MySQL) and exact
        return JdbcGateway.query(tx, "SELECT run_id FROM dag_runs WHERE dag_id = ? AND logical_time = ?",
                row -> JdbcGateway.lng(row, "run_id"), run.dagId(), Micros.of(run.logicalTime())).getFirst();
    }

    @Override
    public boolean transition(long runId, DagRunStatus from, DagRunStatus to, Instant at) {
        return transitionAll(List.of(new RunTransition(runId, from, to, at))).getFirst();
    }

    @Override
    public List<Boolean> transitionAll(List<RunTransition> transitions) {
        db.ensureOpen();
        return groupCommit ? writer.submitRuns(transitions, db.epoch()) : writer.applyRunsNow(transitions, db.epoch());
    }

    @Override
    public boolean restart(long runId, Instant at, Optional<AuditEntry> audit) {
        long t = Micros.of(at);
        return db.tx("Restarting run " + runId, tx -> {
            long n = JdbcGateway.dml(tx, "UPDATE dag_runs SET status = 'RUNNING', restarts = restarts + 1, updated_at = ?, "
                    + "finished_at = NULL WHERE run_id = ? AND status = 'FAILED'", t, runId);
            if (n == 0) {
                return false;
            }
            int restart = JdbcGateway.query(tx, "SELECT restarts FROM dag_runs WHERE run_id = ?",
                    r -> JdbcGateway.integer(r, "restarts"), runId).getFirst();
            JdbcGateway.dml(tx, "INSERT INTO dag_run_restarts (run_id, restart, created_at) VALUES (?, ?, ?)", runId, restart, t);
            JdbcAuditStore.insert(tx, audit);
            return true;
        });
    }

    @Override
    public Optional<DagRunRecord> find(long runId) {
        return db.first("Reading run " + runId, "SELECT " + COLUMNS + " FROM dag_runs r WHERE r.run_id = ?",
                JdbcDagRunStore::run, runId);
    }

    @Override
    public Optional<DagRunRecord> find(String dagId, Instant logicalTime) {
        return db.first("Reading the run of DAG '" + dagId + "' at " + logicalTime,
                "SELECT " + COLUMNS + " FROM dag_runs r WHERE r.dag_id = ? AND r.logical_time = ?",
                JdbcDagRunStore::run, dagId, Micros.of(logicalTime));
    }

    @Override
    public Optional<DagRunRecord> latest(String dagId) {
        return db.first("Reading the latest run of DAG '" + dagId + "'", LATEST, JdbcDagRunStore::run, dagId);
    }

    @Override
    public List<DagRunRecord> unfinished() {
        return db.query("Reading unfinished runs", UNFINISHED, JdbcDagRunStore::run);
    }

    @Override
    public List<DagRunSummary> recent(Optional<String> dagId, Optional<Long> beforeRunId, int limit) {
        List<Object> params = new ArrayList<>();
        dagId.ifPresent(params::add);
        beforeRunId.ifPresent(params::add);
        params.add(Math.max(0, limit));
        List<DagRunRecord> page = db.query("Listing recent runs", recentSql(dagId.isPresent(), beforeRunId.isPresent()),
                JdbcDagRunStore::run, params.toArray());
        if (page.isEmpty()) {
            return List.of();
        }
        // progress of the page's runs in one pass over the latest attempt of each task
        Map<Long, int[]> progress = new HashMap<>();
        String in = String.join(", ", page.stream().map(r -> "?").toList());
        db.query("Counting task progress of recent runs", PROGRESS.formatted(in),
                r -> new Object[] {JdbcGateway.lng(r, "run_id"), TaskStatus.valueOf(JdbcGateway.str(r, "status")), JdbcGateway.integer(r, "n")},
                Stream.concat(page.stream(), page.stream()).map(r -> (Object) r.runId()).toArray())
                .forEach(row -> {
                    int[] p = progress.computeIfAbsent((Long) row[0], k -> new int[2]);
                    TaskStatus st = (TaskStatus) row[1];
                    int n = (Integer) row[2];
                    if (st == TaskStatus.SUCCESS || st == TaskStatus.FAILED || st == TaskStatus.UPSTREAM_FAILED
                            || st == TaskStatus.SKIPPED) {
                        p[0] += n;
                    }
                    if (st == TaskStatus.FAILED || st == TaskStatus.UPSTREAM_FAILED) {
                        p[1] += n;
                    }
                });
        return page.stream().map(r -> {
            int[] p = progress.getOrDefault(r.runId(), new int[2]);
            return new DagRunSummary(r, p[0], p[1]);
        }).toList();
    }

    /**
     * @param byDag whether the page is of one DAG ({@code r.dag_id = ?})
     * @param beforeRunId whether it pages before a run id ({@code r.run_id < ?})
     * @return the page query of {@link #recent}; the limit is its last parameter
     */
    static String recentSql(boolean byDag, boolean beforeRunId) {
        return "SELECT " + COLUMNS + " FROM dag_runs r WHERE 1 = 1" + (byDag ? " AND r.dag_id = ?" : "")
                + (beforeRunId ? " AND r.run_id < ?" : "") + " ORDER BY r.run_id DESC LIMIT ?";
    }

    @Override
    public Map<DagRunStatus, Long> countByStatus() {
        Map<DagRunStatus, Long> out = new EnumMap<>(DagRunStatus.class);
        db.query("Counting runs by status", "SELECT status, COUNT(*) AS n FROM dag_runs GROUP BY status",
                r -> Map.entry(DagRunStatus.valueOf(JdbcGateway.str(r, "status")), JdbcGateway.lng(r, "n")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static DagRunRecord run(DbRow r) {
        return new DagRunRecord(JdbcGateway.lng(r, "run_id"), JdbcGateway.str(r, "dag_id"), Micros.toInstant(JdbcGateway.raw(r, "logical_time")),
                DagRunStatus.valueOf(JdbcGateway.str(r, "status")), JdbcGateway.str(r, "params_json"),
                ScheduleEventType.valueOf(JdbcGateway.str(r, "trigger_type")), JdbcGateway.integer(r, "task_count"),
                JdbcGateway.integer(r, "restarts"), Micros.toInstant(JdbcGateway.raw(r, "created_at")),
                Micros.toOptional(JdbcGateway.raw(r, "started_at")), Micros.toOptional(JdbcGateway.raw(r, "finished_at")),
                Micros.toInstant(JdbcGateway.raw(r, "updated_at")), JdbcGateway.raw(r, "backfill_id") instanceof Number n
                        ? java.util.OptionalLong.of(n.longValue()) : java.util.OptionalLong.empty(),
                Optional.ofNullable((String) JdbcGateway.raw(r, "bundle_hash")).map(String::strip));
    }
}
