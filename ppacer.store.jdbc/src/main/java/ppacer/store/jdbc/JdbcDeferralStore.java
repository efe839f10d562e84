package ppacer.store.jdbc;

import io.helidon.dbclient.DbRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.AttemptDeferral;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DeferralStore;

/** The {@code task_deferrals} table, with the attempts' moves to DEFERRED. */
final class JdbcDeferralStore implements DeferralStore {
    private static final String COLUMNS = "d.run_id, d.task_id, d.attempt, d.defer_until, d.pokes, d.first_poke_at, "
            + "d.reason, d.timeout_ms";

    private final JdbcGateway db;

    JdbcDeferralStore(JdbcGateway db) {
        this.db = db;
    }

    /** The compare-and-set, then a delete and an insert: the same statements on PostgreSQL and MySQL. */
    @Override
    public boolean defer(AttemptDeferral d, Instant at) {
        AttemptKey k = d.key();
        return db.tx("Deferring " + k + " until " + d.until(), tx -> {
            long n = JdbcGateway.dml(tx, "UPDATE task_attempts SET status = 'DEFERRED', updated_at = ?, lease_deadline = NULL "
                    + "WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = 'RUNNING'", Micros.of(at), k.runId(),
                    k.taskId(), k.attempt());
            if (n != 1) {
                return false;
            }
            JdbcGateway.dml(tx, "DELETE FROM task_deferrals WHERE run_id = ? AND task_id = ? AND attempt = ?", k.runId(),
                    k.taskId(), k.attempt());
            JdbcGateway.dml(tx, "INSERT INTO task_deferrals (run_id, task_id, attempt, defer_until, pokes, first_poke_at, "
                    + "reason, timeout_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", k.runId(), k.taskId(), k.attempt(),
                    Micros.of(d.until()), d.pokes(), Micros.of(d.firstPokeAt()), d.reason(),
                    d.timeout().map(Duration::toMillis).orElse(null));
            return true;
        });
    }

    @Override
    public Optional<AttemptDeferral> find(AttemptKey key) {
        return db.first("Reading the deferral of " + key, "SELECT " + COLUMNS + " FROM task_deferrals d WHERE d.run_id = ? "
                + "AND d.task_id = ? AND d.attempt = ?", JdbcDeferralStore::deferral, key.runId(), key.taskId(), key.attempt());
    }

    @Override
    public List<AttemptDeferral> ofRun(long runId) {
        return db.query("Reading the deferrals of run " + runId, "SELECT " + COLUMNS + " FROM task_deferrals d "
                + "WHERE d.run_id = ? ORDER BY d.task_id, d.attempt", JdbcDeferralStore::deferral, runId);
    }

    @Override
    public List<AttemptDeferral> waiting() {
        return db.query("Reading the deferred attempts", "SELECT " + COLUMNS + " FROM task_attempts a JOIN task_deferrals d "
                + "ON d.run_id = a.run_id AND d.task_id = a.task_id AND d.attempt = a.attempt WHERE a.status = 'DEFERRED' "
                + "ORDER BY d.defer_until, d.run_id, d.task_id", JdbcDeferralStore::deferral);
    }

    private static AttemptDeferral deferral(DbRow r) {
        Object timeout = JdbcGateway.raw(r, "timeout_ms");
        return new AttemptDeferral(new AttemptKey(JdbcGateway.lng(r, "run_id"), JdbcGateway.str(r, "task_id"),
                JdbcGateway.integer(r, "attempt")), Micros.toInstant(JdbcGateway.raw(r, "defer_until")),
                JdbcGateway.integer(r, "pokes"), Micros.toInstant(JdbcGateway.raw(r, "first_poke_at")),
                JdbcGateway.str(r, "reason"), timeout == null ? Optional.empty()
                        : Optional.of(Duration.ofMillis(((Number) timeout).longValue())));
    }
}
