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

/** The {@code backfills} table and the {@code backfill_id} tag of {@code dag_runs}. */
final class SqliteBackfillStore implements BackfillStore {
    private static final String COLUMNS = "backfill_id, dag_id, from_time, to_time, max_active, reprocess, reverse, "
            + "params_json, created_by, created_at, state, cursor_time, total, created, rerun, skipped, version, updated_at";

    private final SqliteGateway db;

    SqliteBackfillStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public long insert(NewBackfill b, Optional<AuditEntry> audit) {
        return db.write(() -> "insert a backfill of DAG '" + b.dagId() + "'", s -> {
            PreparedStatement ps = s.prepare("INSERT INTO backfills (dag_id, from_time, to_time, max_active, reprocess, "
                    + "reverse, params_json, created_by, created_at, state, cursor_time, total, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?)");
            ps.setString(1, b.dagId());
            ps.setLong(2, micros(b.from()));
            ps.setLong(3, micros(b.to()));
            ps.setInt(4, b.maxActive());
            ps.setString(5, b.reprocess().name());
            ps.setInt(6, b.reverse() ? 1 : 0);
            ps.setString(7, b.paramsJson());
            ps.setString(8, b.createdBy());
            ps.setLong(9, micros(b.createdAt()));
            Sql.setOptionalInstant(ps, 10, b.cursor());
            ps.setInt(11, b.total());
            ps.setLong(12, micros(b.createdAt()));
            ps.executeUpdate();
            long id;
            try (ResultSet rs = s.prepare("SELECT last_insert_rowid()").executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            SqliteAuditStore.insert(s, audit.map(a -> a.withTarget(a.target().withBackfill(id))));
            return id;
        });
    }

    @Override
    public Optional<BackfillRecord> find(long id) {
        return db.read(() -> "read backfill " + id, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM backfills WHERE backfill_id = ?");
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(backfill(rs)) : Optional.<BackfillRecord>empty();
            }
        });
    }

    @Override
    public List<BackfillRecord> list(Optional<String> dagId, Set<BackfillState> states) {
        return db.read(() -> "list backfills" + dagId.map(d -> " of DAG '" + d + "'").orElse(""), s -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM backfills WHERE 1 = 1");
            dagId.ifPresent(d -> sql.append(" AND dag_id = ?"));
            if (!states.isEmpty()) {
                sql.append(" AND state IN (").append(String.join(", ", states.stream().map(x -> "?").toList())).append(')');
            }
            sql.append(" ORDER BY backfill_id DESC");
            PreparedStatement ps = s.prepare(sql.toString());
            int i = 1;
            if (dagId.isPresent()) {
                ps.setString(i++, dagId.get());
            }
            for (BackfillState st : states) {
                ps.setString(i++, st.name());
            }
            List<BackfillRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(backfill(rs));
                }
            }
            return out;
        });
    }

    @Override
    public boolean setState(long id, long version, BackfillState to, Instant at, Optional<AuditEntry> audit) {
        return db.write(() -> "move backfill " + id + " to " + to, s -> {
            PreparedStatement ps = s.prepare("UPDATE backfills SET state = ?, version = version + 1, updated_at = ? "
                    + "WHERE backfill_id = ? AND version = ?");
            ps.setString(1, to.name());
            ps.setLong(2, micros(at));
            ps.setLong(3, id);
            ps.setLong(4, version);
            if (ps.executeUpdate() != 1) {
                return false;
            }
            SqliteAuditStore.insert(s, audit);
            return true;
        });
    }

    @Override
    public OptionalLong advance(long id, long version, BackfillStep step, Optional<Instant> next, Instant at) {
        return db.write(() -> "advance backfill " + id, s -> {
            // one writer, one transaction: the checks and the writes below see the same data
            if (step instanceof BackfillStep.Rerun r) {
                PreparedStatement ps = s.prepare("SELECT status FROM dag_runs WHERE run_id = ?");
                ps.setLong(1, r.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getString(1).equals(r.from().name())) {
                        return OptionalLong.empty();
                    }
                }
            }
            String counter = switch (step) {
                case BackfillStep.Skip k -> "skipped";
                case BackfillStep.Create c -> "created";
                case BackfillStep.Rerun r -> "rerun";
            };
            PreparedStatement ps = s.prepare("UPDATE backfills SET cursor_time = ?, " + counter + " = " + counter + " + 1, "
                    + "version = version + 1, updated_at = ? WHERE backfill_id = ? AND version = ? AND state = 'RUNNING'");
            Sql.setOptionalInstant(ps, 1, next);
            ps.setLong(2, micros(at));
            ps.setLong(3, id);
            ps.setLong(4, version);
            if (ps.executeUpdate() != 1) {
                return OptionalLong.empty();
            }
            return switch (step) {
                case BackfillStep.Skip k -> OptionalLong.of(0);
                case BackfillStep.Create c -> {
                    long runId = create(s, id, c.run());
                    event(s, c.run(), next, at);
                    yield OptionalLong.of(runId);
                }
                case BackfillStep.Rerun r -> {
                    rerun(s, id, r.runId(), at);
                    yield OptionalLong.of(r.runId());
                }
            };
        });
    }

    private static long create(Session s, long backfillId, NewDagRun run) throws SQLException {
        // bundle_hash only when set: a run of a built-in DAG is the same statement as before schema v8
        PreparedStatement ps = s.prepare("INSERT INTO dag_runs (dag_id, logical_time, status, params_json, trigger_type, "
                + "task_count, created_at, started_at, finished_at, updated_at, backfill_id"
                + (run.bundleHash().isPresent() ? ", bundle_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)"
                        : ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)"));
        long at = micros(run.createdAt());
        ps.setString(1, run.dagId());
        ps.setLong(2, micros(run.logicalTime()));
        ps.setString(3, run.status().name());
        ps.setString(4, run.paramsJson());
        ps.setString(5, run.trigger().name());
        ps.setInt(6, run.taskCount());
        ps.setLong(7, at);
        if (run.status() == DagRunStatus.RUNNING) {
            ps.setLong(8, at);
        } else {
            ps.setNull(8, Types.BIGINT);
        }
        ps.setLong(9, at);
        ps.setLong(10, backfillId);
        if (run.bundleHash().isPresent()) {
            ps.setString(11, run.bundleHash().get());
        }
        ps.executeUpdate();
        try (ResultSet rs = s.prepare("SELECT last_insert_rowid()").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The created run's BACKFILL schedule event, in the audit log. */
    private static void event(Session s, NewDagRun run, Optional<Instant> next, Instant at) throws SQLException {
        PreparedStatement ps = s.prepare("INSERT INTO schedule_events (dag_id, event_type, scheduled_at, next_at, created_at) "
                + "VALUES (?, 'BACKFILL', ?, ?, ?)");
        ps.setString(1, run.dagId());
        ps.setLong(2, micros(run.logicalTime()));
        Sql.setOptionalInstant(ps, 3, next);
        ps.setLong(4, micros(at));
        ps.executeUpdate();
    }

    private static void rerun(Session s, long backfillId, long runId, Instant at) throws SQLException {
        PreparedStatement ps = s.prepare("UPDATE dag_runs SET status = 'RUNNING', restarts = restarts + 1, "
                + "finished_at = NULL, updated_at = ?, backfill_id = ? WHERE run_id = ?");
        ps.setLong(1, micros(at));
        ps.setLong(2, backfillId);
        ps.setLong(3, runId);
        ps.executeUpdate();
        PreparedStatement restart = s.prepare("INSERT INTO dag_run_restarts (run_id, restart, at) "
                + "SELECT run_id, restarts, ? FROM dag_runs WHERE run_id = ?");
        restart.setLong(1, micros(at));
        restart.setLong(2, runId);
        restart.executeUpdate();
    }

    @Override
    public Map<DagRunStatus, Long> runCounts(long id) {
        return db.read(() -> "count the runs of backfill " + id, s -> {
            PreparedStatement ps = s.prepare("SELECT status, COUNT(*) FROM dag_runs WHERE backfill_id = ? GROUP BY status");
            ps.setLong(1, id);
            Map<DagRunStatus, Long> out = new EnumMap<>(DagRunStatus.class);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(DagRunStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public OptionalLong backfillOf(long runId) {
        return db.read(() -> "read the backfill of run " + runId, s -> {
            PreparedStatement ps = s.prepare("SELECT backfill_id FROM dag_runs WHERE run_id = ?");
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long id = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
            }
        });
    }

    @Override
    public Optional<Instant> latestOutsideBackfills(String dagId) {
        return db.read(() -> "read the latest run of DAG '" + dagId + "' not created by a backfill", s -> {
            PreparedStatement ps = s.prepare("SELECT logical_time FROM dag_runs WHERE dag_id = ? AND trigger_type <> 'BACKFILL' "
                    + "ORDER BY logical_time DESC LIMIT 1");
            ps.setString(1, dagId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(instant(rs, "logical_time")) : Optional.<Instant>empty();
            }
        });
    }

    private static BackfillRecord backfill(ResultSet rs) throws SQLException {
        return new BackfillRecord(rs.getLong("backfill_id"), rs.getString("dag_id"), instant(rs, "from_time"),
                instant(rs, "to_time"), rs.getInt("max_active"), BackfillReprocess.valueOf(rs.getString("reprocess")),
                rs.getInt("reverse") != 0, rs.getString("params_json"), rs.getString("created_by"),
                instant(rs, "created_at"), BackfillState.valueOf(rs.getString("state")), optionalInstant(rs, "cursor_time"),
                rs.getInt("total"), rs.getInt("created"), rs.getInt("rerun"), rs.getInt("skipped"), rs.getLong("version"),
                instant(rs, "updated_at"));
    }
}
