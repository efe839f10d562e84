package ppacer.store.jdbc;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
final class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "audit_id, at, actor, address, action, dag_id, run_id, task_id, task_index, "
            + "backfill_id, pool, before_state, after_state";
    private static final String INSERT = "INSERT INTO audit_log (at, actor, address, action, dag_id, run_id, task_id, "
            + "task_index, backfill_id, pool, before_state, after_state) VALUES (";

    private final JdbcGateway db;

    JdbcAuditStore(JdbcGateway db) {
        this.db = db;
    }

    /**
     * Inserts the row of an action in the caller's transaction. Absent values are written as
     * {@code NULL} literals: drivers differ on untyped null parameters.
     *
     * @param tx the transaction of the audited change
     * @param audit the action, if any
     */
    static void insert(DbExecute tx, Optional<AuditEntry> audit) {
        if (audit.isEmpty()) {
            return;
        }
        List<Object> values = values(audit.get());
        List<String> marks = values.stream().map(v -> v == null ? "NULL" : "?").toList();
        JdbcGateway.dml(tx, INSERT + String.join(", ", marks) + ")", values.stream().filter(v -> v != null).toArray());
    }

    /**
     * Inserts the row of an action in the caller's JDBC transaction (the group-commit writer's).
     *
     * @param c the connection, in the transaction of the audited change
     * @param audit the action
     * @throws SQLException when the insert fails (the change is rolled back with it)
     */
    static void insert(Connection c, AuditEntry audit) throws SQLException {
        List<Object> values = values(audit);
        try (PreparedStatement ps = c.prepareStatement(INSERT + String.join(", ", values.stream().map(v -> "?").toList())
                + ")")) {
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v == null) {
                    ps.setNull(i + 1, i == 5 || i == 7 || i == 8 ? Types.BIGINT : Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            ps.executeUpdate();
        }
    }

    /** @return the column values in {@link #INSERT}'s order, null for absent ones */
    private static List<Object> values(AuditEntry e) {
        AuditTarget t = e.target();
        List<Object> values = new ArrayList<>();
        values.add(Micros.of(e.at()));
        values.add(e.actor());
        values.add(e.address().orElse(null));
        values.add(e.action());
        values.add(t.dagId().orElse(null));
        values.add(t.runId().isPresent() ? t.runId().getAsLong() : null);
        values.add(t.taskId().orElse(null));
        values.add(t.index().isPresent() ? (Object) (long) t.index().getAsInt() : null);
        values.add(t.backfillId().isPresent() ? t.backfillId().getAsLong() : null);
        values.add(t.pool().orElse(null));
        values.add(e.before().orElse(null));
        values.add(e.after().orElse(null));
        return values;
    }

    @Override
    public List<AuditRecord> list(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.dagId().ifPresent(v -> { sql.append(" AND dag_id = ?"); args.add(v); });
        q.since().ifPresent(v -> { sql.append(" AND at >= ?"); args.add(Micros.of(v)); });
        q.actor().ifPresent(v -> { sql.append(" AND actor = ?"); args.add(v); });
        q.action().ifPresent(v -> { sql.append(" AND action = ?"); args.add(v); });
        q.beforeId().ifPresent(v -> { sql.append(" AND audit_id < ?"); args.add(v); });
        sql.append(" ORDER BY audit_id DESC LIMIT ").append(q.limit());
        return db.query("Listing the audit log", sql.toString(), JdbcAuditStore::record, args.toArray());
    }

    @Override
    public int purgeOlderThan(Instant cutoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, was " + batchSize);
        }
        return db.tx("Purging up to " + batchSize + " audit rows older than " + cutoff, tx -> {
            List<Long> ids = JdbcGateway.query(tx, "SELECT audit_id FROM audit_log WHERE at < ? ORDER BY at LIMIT "
                    + batchSize, r -> JdbcGateway.lng(r, "audit_id"), Micros.of(cutoff));
            if (ids.isEmpty()) {
                return 0;
            }
            return (int) JdbcGateway.dml(tx, "DELETE FROM audit_log WHERE audit_id IN ("
                    + String.join(", ", ids.stream().map(x -> "?").toList()) + ")", ids.toArray());
        });
    }

    @Override
    public long countOlderThan(Instant cutoff) {
        return db.first("Counting audit rows older than " + cutoff, "SELECT COUNT(*) AS n FROM audit_log WHERE at < ?",
                r -> JdbcGateway.lng(r, "n"), Micros.of(cutoff)).orElse(0L);
    }

    private static AuditRecord record(DbRow r) {
        Object run = JdbcGateway.raw(r, "run_id");
        Object index = JdbcGateway.raw(r, "task_index");
        Object backfill = JdbcGateway.raw(r, "backfill_id");
        AuditTarget t = new AuditTarget(Optional.ofNullable(JdbcGateway.str(r, "dag_id")),
                run == null ? OptionalLong.empty() : OptionalLong.of(((Number) run).longValue()),
                Optional.ofNullable(JdbcGateway.str(r, "task_id")),
                index == null ? OptionalInt.empty() : OptionalInt.of(((Number) index).intValue()),
                backfill == null ? OptionalLong.empty() : OptionalLong.of(((Number) backfill).longValue()),
                Optional.ofNullable(JdbcGateway.str(r, "pool")));
        return new AuditRecord(JdbcGateway.lng(r, "audit_id"), new AuditEntry(Micros.toInstant(JdbcGateway.raw(r, "at")),
                JdbcGateway.str(r, "actor"), Optional.ofNullable(JdbcGateway.str(r, "address")), JdbcGateway.str(r, "action"),
                t, Optional.ofNullable(JdbcGateway.str(r, "before_state")), Optional.ofNullable(JdbcGateway.str(r, "after_state"))));
    }
}
