package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.AttemptDeferral;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DeferralStore;

/** The {@code task_deferrals} table, with the attempts' moves to DEFERRED. */
final class SqliteDeferralStore implements DeferralStore {
    private static final String COLUMNS = "d.run_id, d.task_id, d.attempt, d.defer_until, d.pokes, d.first_poke_at, "
            + "d.reason, d.timeout_ms";
    private static final String DEFER = "UPDATE task_attempts SET status = 'DEFERRED', updated_at = ?, lease_deadline = NULL "
            + "WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = 'RUNNING'";
    private static final String PUT = "INSERT INTO task_deferrals (run_id, task_id, attempt, defer_until, pokes, first_poke_at, "
            + "reason, timeout_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, task_id, attempt) DO UPDATE SET "
            + "defer_until = excluded.defer_until, pokes = excluded.pokes, first_poke_at = excluded.first_poke_at, "
            + "reason = excluded.reason, timeout_ms = excluded.timeout_ms";

    private final SqliteGateway db;

    SqliteDeferralStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public boolean defer(AttemptDeferral d, Instant at) {
        return db.write(() -> "defer " + d.key() + " until " + d.until(), s -> {
            PreparedStatement ps = s.prepare(DEFER);
            ps.setLong(1, micros(at));
            ps.setLong(2, d.key().runId());
            ps.setString(3, d.key().taskId());
            ps.setInt(4, d.key().attempt());
            if (ps.executeUpdate() != 1) {
                return false;
            }
            PreparedStatement put = s.prepare(PUT);
            put.setLong(1, d.key().runId());
            put.setString(2, d.key().taskId());
            put.setInt(3, d.key().attempt());
            put.setLong(4, micros(d.until()));
            put.setInt(5, d.pokes());
            put.setLong(6, micros(d.firstPokeAt()));
            put.setString(7, d.reason());
            if (d.timeout().isPresent()) {
                put.setLong(8, d.timeout().get().toMillis());
            } else {
                put.setNull(8, java.sql.Types.BIGINT);
            }
            put.executeUpdate();
            return true;
        });
    }

    @Override
    public Optional<AttemptDeferral> find(AttemptKey key) {
        return db.read(() -> "read the deferral of " + key, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM task_deferrals d WHERE d.run_id = ? AND "
                    + "d.task_id = ? AND d.attempt = ?");
            ps.setLong(1, key.runId());
            ps.setString(2, key.taskId());
            ps.setInt(3, key.attempt());
            List<AttemptDeferral> l = list(ps);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
        });
    }

    @Override
    public List<AttemptDeferral> ofRun(long runId) {
        return db.read(() -> "read the deferrals of run " + runId, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM task_deferrals d WHERE d.run_id = ? "
                    + "ORDER BY d.task_id, d.attempt");
            ps.setLong(1, runId);
            return list(ps);
        });
    }

    @Override
    public List<AttemptDeferral> waiting() {
        return db.read(() -> "read the deferred attempts", s -> list(s.prepare("SELECT " + COLUMNS
                + " FROM task_attempts a JOIN task_deferrals d ON d.run_id = a.run_id AND d.task_id = a.task_id AND "
                + "d.attempt = a.attempt WHERE a.status = 'DEFERRED' ORDER BY d.defer_until, d.run_id, d.task_id")));
    }

    private static List<AttemptDeferral> list(PreparedStatement ps) throws SQLException {
        List<AttemptDeferral> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long timeout = rs.getLong("timeout_ms");
                Optional<Duration> t = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(timeout));
                out.add(new AttemptDeferral(new AttemptKey(rs.getLong("run_id"), rs.getString("task_id"),
                        rs.getInt("attempt")), instant(rs.getLong("defer_until")), rs.getInt("pokes"),
                        instant(rs.getLong("first_poke_at")), rs.getString("reason"), t));
            }
        }
        return out;
    }
}
