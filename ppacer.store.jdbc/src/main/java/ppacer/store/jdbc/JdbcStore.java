package ppacer.store.jdbc;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import ppacer.api.spi.BackfillStore;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.DagStore;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.PoolStore;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.ScheduleEventStore;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.api.spi.TaskLogStore;
import ppacer.api.spi.WriteHealth;
import ppacer.api.spi.WriteHealthMonitor;

/**
 * A PostgreSQL or MySQL/MariaDB store: Helidon DB Client over a HikariCP pool, plus a group-commit
 * writer for attempt and run transitions. Option {@code groupCommit=false} commits each transition call on
 * its own (the baseline for benchmarks).
 */
final class JdbcStore implements Store {
    private static final int PURGE_CHUNK = 500;
    private final ConnectionSettings settings;
    private final JdbcGateway db;
    private final TransitionWriter writer;
    private final JdbcDagStore dags;
    private final JdbcDagRunStore runs;
    private final JdbcAttemptStore attempts;
    private final JdbcScheduleEventStore events;
    private final JdbcTaskLogStore logs;
    private final JdbcDeadlineStore deadlines;
    private final JdbcBackfillStore backfills;
    private final JdbcPoolStore pools;
    private final JdbcDeferralStore deferrals;
    private final JdbcLeaderLease lease;
    private final boolean groupCommit;

    private JdbcStore(ConnectionSettings settings, JdbcGateway db, TransitionWriter writer, boolean groupCommit, JdbcLeaderLease lease) {
        this.settings = settings;
        this.db = db;
        this.writer = writer;
        this.groupCommit = groupCommit;
        this.lease = lease;
        this.dags = new JdbcDagStore(db);
        this.runs = new JdbcDagRunStore(db, writer, groupCommit);
        this.attempts = new JdbcAttemptStore(db, writer, groupCommit);
        this.events = new JdbcScheduleEventStore(db);
        this.logs = new JdbcTaskLogStore(db);
        this.deadlines = new JdbcDeadlineStore(db);
        this.backfills = new JdbcBackfillStore(db);
        this.pools = new JdbcPoolStore(db);
        this.deferrals = new JdbcDeferralStore(db);
    }

    /** The options {@link #open} reads; any other is refused. */
    static final Set<String> OPTIONS = Set.of("user", "password", "connectionInitSql", "poolSize", "writers",
            "groupCommit", "timeout", "connectTimeout");

    /**
     * Connects once to fail fast with the reason (see {@link ConnectionProbe}), then opens the pool,
     * migrates the schema and starts the writers.
     *
     * @param dialect the dialect
     * @param config the config
     * @return the store
     */
    static JdbcStore open(Dialect dialect, StoreConfig config) {
        config.requireKnownOptions(dialect.name().toLowerCase(Locale.ROOT), OPTIONS);
        ConnectionSettings settings = ConnectionSettings.of(dialect, config, System.getenv());
        Failures failures = new Failures(settings);
        ConnectionProbe.check(settings, failures); // fails at once, naming why, when the server cannot be reached
        HikariPool pool = new HikariPool(settings, failures);
        try {
            try (Connection c = pool.rawConnection()) {
                Schema.migrate(c, dialect, failures, config.clock());
            }
            DbClient client = JdbcClientBuilder.create().connectionPool(pool).build();
            WriteHealthMonitor health = new WriteHealthMonitor();
            TransitionWriter writer = new TransitionWriter(pool, dialect, failures, health, settings.writers(),
                    settings.timeout());
            boolean group = !"false".equalsIgnoreCase(config.option("groupCommit").orElse("true"));
            JdbcGateway db = new JdbcGateway(client, pool, failures, dialect, health);
            return new JdbcStore(settings, db, writer, group, new JdbcLeaderLease(db, dialect));
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw failures.wrap("Opening", e);
        }
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
        return db.tx("Purging runs finished before " + cutoff, tx -> {
            List<Long> ids = JdbcGateway.query(tx, "SELECT run_id FROM dag_runs WHERE status IN ('SUCCESS', 'FAILED') "
                    + "AND updated_at < ? ORDER BY run_id", r -> JdbcGateway.lng(r, "run_id"), Micros.of(cutoff));
            long runCount = 0;
            long attemptCount = 0;
            long logCount = 0;
            for (int from = 0; from < ids.size(); from += PURGE_CHUNK) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + PURGE_CHUNK));
                String in = " WHERE run_id IN (" + String.join(", ", chunk.stream().map(x -> "?").toList()) + ")";
                Object[] params = new ArrayList<Object>(chunk).toArray();
                logCount += JdbcGateway.dml(tx, "DELETE FROM task_logs" + in, params);
                JdbcGateway.dml(tx, "DELETE FROM task_outputs" + in, params);
                JdbcGateway.dml(tx, "DELETE FROM deadline_alerts" + in, params);
                JdbcGateway.dml(tx, "DELETE FROM task_expansions" + in, params);
                JdbcGateway.dml(tx, "DELETE FROM task_deferrals" + in, params);
                attemptCount += JdbcGateway.dml(tx, "DELETE FROM task_attempts" + in, params);
                JdbcGateway.dml(tx, "DELETE FROM dag_run_restarts" + in, params);
                runCount += JdbcGateway.dml(tx, "DELETE FROM dag_runs" + in, params);
            }
            return new PurgeResult(runCount, attemptCount, logCount);
        });
    }

    @Override
    public LeaderLease leadership() {
        return lease;
    }

    /**
     * A view sharing this store's pool and writers whose write transactions first check, under a
     * shared lock of the lease row, that the lease is still at {@code epoch}.
     */
    @Override
    public Store fenced(long epoch) {
        return new JdbcStore(settings, db.fenced(epoch), writer, groupCommit, lease);
    }

    /** @return the database access of this store or view (package-private: the tests' way into a transaction) */
    JdbcGateway db() {
        return db;
    }

    @Override
    public WriteHealth writeHealth() {
        return db.writeHealth();
    }

    @Override
    public String describe() {
        return settings.dialect().providerName() + " " + settings.redactedUrl();
    }

    @Override
    public void close() {
        if (db.isClosed() || db.epoch() > 0) { // a fenced view closes nothing
            return;
        }
        writer.close();
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcStore[" + describe() + "]";
    }
}
