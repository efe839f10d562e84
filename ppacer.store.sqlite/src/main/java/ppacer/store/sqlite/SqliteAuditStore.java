package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.AuditStore;
import ppacer.api.spi.AuditTarget;

/** The {@code audit_log} table; its rows are inserted by the other stores' audited writes ({@link #insert}). */
final class SqliteAuditStore implements AuditStore {
    private static final String COLUMNS = "audit_id, at, actor, address, action, dag_id, run_id, task_id, task_index, "
            + "backfill_id, pool, before_state, after_state";

    private final SqliteGateway db;

    SqliteAuditStore(SqliteGateway db) {
        this.db = db;
    }

    /**
     * Inserts the row of an action in the caller's transaction.
     *
     * @param s the writer's session, in the transaction of the audited change
     * @param audit the action, if any
     * @throws SQLException when the insert fails (the change is rolled back with it)
     */
    static void insert(Session s, Optional<AuditEntry> audit) throws SQLException {
        if (audit.isEmpty()) {
            return;
        }
        AuditEntry e = audit.get();
        AuditTarget t = e.target();
        PreparedStatement ps = s.prepare("INSERT INTO audit_log (at, actor, address, action, dag_id, run_id, task_id, "
                + "task_index, backfill_id, pool, before_state, after_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setLong(1, micros(e.at()));
        ps.setString(2, e.actor());
        Sql.setOptionalString(ps, 3, e.address());
        ps.setString(4, e.action());
        Sql.setOptionalString(ps, 5, t.dagId());
        setLong(ps, 6, t.runId());
        Sql.setOptionalString(ps, 7, t.taskId());
        setLong(ps, 8, t.index().isPresent() ? OptionalLong.of(t.index().getAsInt()) : OptionalLong.empty());
        setLong(ps, 9, t.backfillId());
        Sql.setOptionalString(ps, 10, t.pool());
        Sql.setOptionalString(ps, 11, e.before());
        Sql.setOptionalString(ps, 12, e.after());
        ps.executeUpdate();
    }

    private static void setLong(PreparedStatement ps, int index, OptionalLong v) throws SQLException {
        if (v.isPresent()) {
            ps.setLong(index, v.getAsLong());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    @Override
    public List<AuditRecord> list(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.dagId().ifPresent(v -> { sql.append(" AND dag_id = ?"); args.add(v); });
        q.since().ifPresent(v -> { sql.append(" AND at >= ?"); args.add(micros(v)); });
        q.actor().ifPresent(v -> { sql.append(" AND actor = ?"); args.add(v); });
        q.action().ifPresent(v -> { sql.append(" AND action = ?"); args.add(v); });
        q.beforeId().ifPresent(v -> { sql.append(" AND audit_id < ?"); args.add(v); });
        sql.append(" ORDER BY audit_id DESC LIMIT ").append(q.limit());
        return db.read(() -> "list the audit log", s -> {
            PreparedStatement ps = s.prepare(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
            return out;
        });
    }

    @Override
    public int purgeOlderThan(Instant cutoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, was " + batchSize);
        }
        return db.write(() -> "purge up to " + batchSize + " audit rows older than " + cutoff, s -> {
            PreparedStatement ps = s.prepare("DELETE FROM audit_log WHERE audit_id IN (SELECT audit_id FROM audit_log "
                    + "WHERE at < ? ORDER BY at LIMIT ?)");
            ps.setLong(1, micros(cutoff));
            ps.setInt(2, batchSize);
            return ps.executeUpdate();
        });
    }

    @Override
    public long countOlderThan(Instant cutoff) {
        return db.read(() -> "count audit rows older than " + cutoff, s -> {
            PreparedStatement ps = s.prepare("SELECT COUNT(*) FROM audit_log WHERE at < ?");
            ps.setLong(1, micros(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        long run = rs.getLong("run_id");
        OptionalLong runId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(run);
        int index = rs.getInt("task_index");
        OptionalInt taskIndex = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(index);
        long backfill = rs.getLong("backfill_id");
        OptionalLong backfillId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(backfill);
        AuditTarget t = new AuditTarget(Sql.optionalString(rs, "dag_id"), runId, Sql.optionalString(rs, "task_id"),
                taskIndex, backfillId, Sql.optionalString(rs, "pool"));
        return new AuditRecord(rs.getLong("audit_id"), new AuditEntry(Sql.instant(rs, "at"), rs.getString("actor"),
                Sql.optionalString(rs, "address"), rs.getString("action"), t, Sql.optionalString(rs, "before_state"),
                Sql.optionalString(rs, "after_state")));
    }
}
