package ppacer.store.jdbc;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.BackfillRecord;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillState;
import ppacer.api.spi.BackfillStep;
import ppacer.api.spi.BackfillStore;
import ppacer.api.spi.NewBackfill;
import ppacer.api.spi.NewDagRun;

/** The {@code backfills} table and the {@code backfill_id} tag of {@code dag_runs}; absent instants are NULL. */
final class JdbcBackfillStore implements BackfillStore {
    private static final String COLUMNS = "backfill_id, dag_id, from_time, to_time, max_active, reprocess, reverse, "
            + "params_json, created_by, created_at, state, cursor_time, total, created, rerun, skipped, version, updated_at";

    private final JdbcGateway db;

    JdbcBackfillStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public long insert(NewBackfill b, Optional<AuditEntry> audit) {
        return db.tx("Inserting a backfill of DAG '" + b.dagId() + "'", tx -> {
            long at = Micros.of(b.createdAt());
            // NULLs are written as literals: drivers differ on untyped null parameters
            JdbcGateway.dml(tx, "INSERT INTO backfills (dag_id, from_time, to_time, max_active, reprocess, reverse, "
                            + "params_json, created_by, created_at, state, cursor_time, total, created, rerun, skipped, "
                            + "version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', "
                            + literal(Micros.ofNullable(b.cursor())) + ", ?, 0, 0, 0, 0, ?)",
                    b.dagId(), Micros.of(b.from()), Micros.of(b.to()), b.maxActive(), b.reprocess().name(), b.reverse(),
                    b.paramsJson(), b.createdBy(), at, b.total(), at);
            // the session's last generated id, read in the same transaction
            String lastId = db.dialect() == Dialect.POSTGRESQL ? "SELECT lastval() AS id" : "SELECT LAST_INSERT_ID() AS id";
            long id = JdbcGateway.query(tx, lastId, r -> JdbcGateway.lng(r, "id")).getFirst();
            JdbcAuditStore.insert(tx, audit.map(a -> a.withTarget(a.target().withBackfill(id))));
            return id;
        });
    }

    private static String literal(Long micros) {
        return micros == null ? "NULL" : micros.toString();
    }

    @Override
    public Optional<BackfillRecord> find(long id) {
        return db.first("Reading backfill " + id, "SELECT " + COLUMNS + " FROM backfills WHERE backfill_id = ?",
                JdbcBackfillStore::backfill, id);
    }

    @Override
    public List<BackfillRecord> list(Optional<String> dagId, Set<BackfillState> states) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM backfills WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        dagId.ifPresent(d -> {
            sql.append(" AND dag_id = ?");
            params.add(d);
        });
        if (!states.isEmpty()) {
            sql.append(" AND state IN (").append(String.join(", ", states.stream().map(x -> "?").toList())).append(')');
            states.forEach(st -> params.add(st.name()));
        }
        sql.append(" ORDER BY backfill_id DESC");
        return db.query("Listing backfills" + dagId.map(d -> " of DAG '" + d + "'").orElse(""), sql.toString(),
                JdbcBackfillStore::backfill, params.toArray());
    }

    @Override
    public boolean setState(long id, long version, BackfillState to, Instant at, Optional<AuditEntry> audit) {
        return db.tx("Moving backfill " + id + " to " + to, tx -> {
            if (JdbcGateway.dml(tx, "UPDATE backfills SET state = ?, version = version + 1, updated_at = ? "
                    + "WHERE backfill_id = ? AND version = ?", to.name(), Micros.of(at), id, version) != 1) {
                return false;
            }
            JdbcAuditStore.insert(tx, audit);
            return true;
        });
    }

    @Override
    public OptionalLong advance(long id, long version, BackfillStep step, Optional<Instant> next, Instant at) {
        return db.tx("Advancing backfill " + id, tx -> {
            if (step instanceof BackfillStep.Rerun r) {
                // locks the run: it stays in its status until this transaction ends
                List<String> status = JdbcGateway.query(tx, "SELECT status FROM dag_runs WHERE run_id = ? FOR UPDATE",
                        row -> JdbcGateway.str(row, "status"), r.runId());
                if (status.isEmpty() || !status.getFirst().equals(r.from().name())) {
                    return OptionalLong.empty();
                }
            }
            String counter = switch (step) {
                case BackfillStep.Skip k -> "skipped";
                case BackfillStep.Create c -> "created";
                case BackfillStep.Rerun r -> "rerun";
            };
            long n = JdbcGateway.dml(tx, "UPDATE backfills SET cursor_time = " + literal(Micros.ofNullable(next)) + ", "
                            + counter + " = " + counter + " + 1, version = version + 1, updated_at = ? "
                            + "WHERE backfill_id = ? AND version = ? AND state = 'RUNNING'",
                    Micros.of(at), id, version);
            if (n != 1) {
                return OptionalLong.empty();
            }
            return switch (step) {
                case BackfillStep.Skip k -> OptionalLong.of(0);
                case BackfillStep.Create c -> {
                    long runId = create(tx, id, c.run());
                    // the created run's BACKFILL schedule event, in the audit log
                    JdbcGateway.dml(tx, "INSERT INTO schedule_events (dag_id, event_type, scheduled_at, next_at, created_at) "
                            + "VALUES (?, 'BACKFILL', ?, " + literal(Micros.ofNullable(next)) + ", ?)",
                            c.run().dagId(), Micros.of(c.run().logicalTime()), Micros.of(at));
                    yield OptionalLong.of(runId);
                }
                case BackfillStep.Rerun r -> {
                    rerun(tx, id, r.runId(), Micros.of(at));
                    yield OptionalLong.of(r.runId());
                }
            };
        });
    }

    private static long create(DbTransaction tx, long backfillId, NewDagRun run) {
        long at = Micros.of(run.createdAt());
        JdbcGateway.dml(tx, "INSERT INTO dag_runs (dag_id, logical_time, status, params_json, trigger_type, task_count, "
                        + "restarts, created_at, updated_at, backfill_id, bundle_hash) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                run.dagId(), Micros.of(run.logicalTime()), run.status().name(), run.paramsJson(), run.trigger().name(),
                run.taskCount(), at, at, backfillId, run.bundleHash().orElse(null));
        return JdbcGateway.query(tx, "SELECT run_id FROM dag_runs WHERE dag_id = ? AND logical_time = ?",
                row -> JdbcGateway.lng(row, "run_id"), run.dagId(), Micros.of(run.logicalTime())).getFirst();
    }

    private static void rerun(DbTransaction tx, long backfillId, long runId, long at) {
        JdbcGateway.dml(tx, "UPDATE dag_runs SET status = 'RUNNING', restarts = restarts + 1, updated_at = ?, "
                + "finished_at = NULL, backfill_id = ? WHERE run_id = ?", at, backfillId, runId);
        int restart = JdbcGateway.query(tx, "SELECT restarts FROM dag_runs WHERE run_id = ?",
                r -> JdbcGateway.integer(r, "restarts"), runId).getFirst();
        JdbcGateway.dml(tx, "INSERT INTO dag_run_restarts (run_id, restart, created_at) VALUES (?, ?, ?)", runId, restart, at);
    }

    @Override
    public Map<DagRunStatus, Long> runCounts(long id) {
        Map<DagRunStatus, Long> out = new EnumMap<>(DagRunStatus.class);
        db.query("Counting the runs of backfill " + id, "SELECT status, COUNT(*) AS n FROM dag_runs WHERE backfill_id = ? "
                        + "GROUP BY status", r -> Map.entry(DagRunStatus.valueOf(JdbcGateway.str(r, "status")),
                        JdbcGateway.lng(r, "n")), id)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public OptionalLong backfillOf(long runId) {
        List<Object> ids = db.query("Reading the backfill of run " + runId, "SELECT backfill_id FROM dag_runs WHERE run_id = ?",
                r -> {
                    Object v = JdbcGateway.raw(r, "backfill_id");
                    return v == null ? (Object) "" : v;
                }, runId);
        if (ids.isEmpty() || !(ids.getFirst() instanceof Number n)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(n.longValue());
    }

    @Override
    public Optional<Instant> latestOutsideBackfills(String dagId) {
        return db.first("Reading the latest run of DAG '" + dagId + "' not created by a backfill", "SELECT logical_time "
                        + "FROM dag_runs WHERE dag_id = ? AND trigger_type <> 'BACKFILL' ORDER BY logical_time DESC LIMIT 1",
                r -> Micros.toInstant(JdbcGateway.raw(r, "logical_time")), dagId);
    }

    private static BackfillRecord backfill(DbRow r) {
        return new BackfillRecord(JdbcGateway.lng(r, "backfill_id"), JdbcGateway.str(r, "dag_id"),
                Micros.toInstant(JdbcGateway.raw(r, "from_time")), Micros.toInstant(JdbcGateway.raw(r, "to_time")),
                JdbcGateway.integer(r, "max_active"), BackfillReprocess.valueOf(JdbcGateway.str(r, "reprocess")),
                JdbcGateway.flag(r, "reverse"), JdbcGateway.str(r, "params_json"), JdbcGateway.str(r, "created_by"),
                Micros.toInstant(JdbcGateway.raw(r, "created_at")), BackfillState.valueOf(JdbcGateway.str(r, "state")),
                Micros.toOptional(JdbcGateway.raw(r, "cursor_time")), JdbcGateway.integer(r, "total"),
                JdbcGateway.integer(r, "created"), JdbcGateway.integer(r, "rerun"), JdbcGateway.integer(r, "skipped"),
                JdbcGateway.lng(r, "version"), Micros.toInstant(JdbcGateway.raw(r, "updated_at")));
    }
}
