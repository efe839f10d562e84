package ppacer.store.sqlite;

import java.sql.PreparedStatement;
import java.time.Instant;
import ppacer.api.spi.BackfillStore;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.DagStore;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.PoolStore;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.ScheduleEventStore;
import ppacer.api.spi.Store;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.api.spi.TaskLogStore;
import ppacer.api.spi.WriteHealth;

/** An open SQLite store: one repository per table over a shared {@link SqliteGateway}. */
final class SqliteStore implements Store {
    private static final String PURGED_RUNS = "SELECT run_id FROM dag_runs WHERE status IN ('SUCCESS', 'FAILED') "
            + "AND updated_at < ?";

    private final SqliteGateway db;
    private final SqliteDagStore dags;
    private final SqliteDagRunStore runs;
    private final SqliteAttemptStore attempts;
    private final SqliteScheduleEventStore events;
    private final SqliteLogStore logs;
    private final SqliteDeadlineStore deadlines;
    private final SqliteBackfillStore backfills;
    private final SqlitePoolStore pools;
    private final SqliteDeferralStore deferrals;

    private final SqliteLeaderLease lease;

    SqliteStore(SqliteGateway db, SqliteLeaderLease lease) {
        this.db = db;
        this.lease = lease;
        this.dags = new SqliteDagStore(db);
        this.runs = new SqliteDagRunStore(db);
        this.attempts = new SqliteAttemptStore(db);
        this.events = new SqliteScheduleEventStore(db);
        this.logs = new SqliteLogStore(db);
        this.deadlines = new SqliteDeadlineStore(db);
        this.backfills = new SqliteBackfillStore(db);
        this.pools = new SqlitePoolStore(db);
        this.deferrals = new SqliteDeferralStore(db);
    }

    @Override
    public DagStore dags() {
        return dags;
    }

    @Override
    public DagRunStore dagRuns() {
        return runs;
    }

    @Override
    public TaskAttemptStore attempts() {
        return attempts;
    }

    @Override
    public ScheduleEventStore scheduleEvents() {
        return events;
    }

    @Override
    public TaskLogStore taskLogs() {
        return logs;
    }

    @Override
    public ppacer.api.spi.DeadlineStore deadlines() {
        return deadlines;
    }

    @Override
    public BackfillStore backfills() {
        return backfills;
    }

    @Override
    public PoolStore pools() {
        return pools;
    }

    @Override
    public ppacer.api.spi.DeferralStore deferrals() {
        return deferrals;
    }

    @Override
    public PurgeResult purgeFinishedRunsOlderThan(Instant cutoff) {
        return db.write(() -> "purge finished runs older than " + cutoff, s -> {
            long micros = Sql.micros(cutoff);
            long logCount = delete(s, "DELETE FROM task_logs WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            delete(s, "DELETE FROM task_outputs WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            delete(s, "DELETE FROM deadline_alerts WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            delete(s, "DELETE FROM task_expansions WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            delete(s, "DELETE FROM task_deferrals WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            long attemptCount = delete(s, "DELETE FROM task_attempts WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            delete(s, "DELETE FROM dag_run_restarts WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            long runCount = delete(s, "DELETE FROM dag_runs WHERE run_id IN (" + PURGED_RUNS + ")", micros);
            return new PurgeResult(runCount, attemptCount, logCount);
        });
    }

    private static long delete(Session s, String sql, long cutoff) throws java.sql.SQLException {
        PreparedStatement ps = s.prepare(sql);
        ps.setLong(1, cutoff);
        return ps.executeLargeUpdate();
    }

    @Override
    public LeaderLease leadership() {
        return lease;
    }

    /** @return the database behind the store (for this module's tests, e.g. query plans) */
    SqliteGateway db() {
        return db;
    }

    @Override
    public WriteHealth writeHealth() {
        return db.writeHealth();
    }

    @Override
    public String describe() {
        return db.store();
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            lease.close();
        }
    }
}
