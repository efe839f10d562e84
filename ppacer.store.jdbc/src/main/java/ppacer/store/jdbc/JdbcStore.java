package ppacer.store.jdbc;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import ppacer.api.spi.ApiKeyStore;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.BackfillStore;
import ppacer.api.spi.BundleStore;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.DagStore;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.PoolStore;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.storesql.PurgeSql;
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
    private final JdbcApiKeyStore apiKeys;
    private final JdbcAuditStore audit;
    private final JdbcBundleStore bundles;
    private final JdbcDeferralStore deferrals;
    private final JdbcAssetStore assets;
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
        this.apiKeys = new JdbcApiKeyStore(db.unfenced());
        this.audit = new JdbcAuditStore(db);
        this.bundles = new JdbcBundleStore(db);
        this.deferrals = new JdbcDeferralStore(db);
        this.assets = new JdbcAssetStore(db);
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
    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    @Override
    public ppacer.api.spi.AuditStore audit() {
        return audit;
    }

    @Override
    public BundleStore bundles() {
        return bundles;
    }

    @Override
    public ppacer.api.spi.DeferralStore deferrals() {
        return deferrals;
    }

    @Override
    public ppacer.api.spi.AssetStore assets() {
        return assets;
    }

    @Override
    public PurgeResult purgeRuns(PurgeCriteria criteria, Optional<AuditEntry> audit) {
        return db.tx("Purging a batch of runs older than " + criteria.olderThan(), tx -> {
            long micros = Micros.of(criteria.olderThan());
            PurgeSql runs = PurgeSql.candidates(criteria, false, micros);
            List<Long> ids = ids(tx, runs, criteria.batchSize(), "run_id");
            long[] counts = new long[PurgeSql.RUN_TABLES.size()];
            for (int from = 0; from < ids.size(); from += PURGE_CHUNK) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + PURGE_CHUNK));
                String in = " WHERE run_id IN (" + PurgeSql.marks(chunk.size()) + ")";
                Object[] params = chunk.toArray();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += JdbcGateway.dml(tx, "DELETE FROM " + PurgeSql.RUN_TABLES.get(i) + in, params);
                }
            }
            List<Long> events = ids(tx, PurgeSql.scheduleEvents(criteria, micros), criteria.batchSize(), "event_id");
            long eventCount = 0;
            for (int from = 0; from < events.size(); from += PURGE_CHUNK) {
                List<Long> chunk = events.subList(from, Math.min(events.size(), from + PURGE_CHUNK));
                eventCount += JdbcGateway.dml(tx, "DELETE FROM schedule_events WHERE event_id IN ("
                        + PurgeSql.marks(chunk.size()) + ")", chunk.toArray());
            }
            if (!ids.isEmpty() || eventCount > 0) {
                JdbcAuditStore.insert(tx, audit);
            }
            return new PurgeResult(counts[counts.length - 1], counts[PurgeSql.RUN_TABLES.indexOf("task_attempts")],
                    counts[0], eventCount);
        });
    }

    @Override
    public PurgeResult countPurgeableRuns(PurgeCriteria criteria) {
        long micros = Micros.of(criteria.olderThan());
        PurgeSql runs = PurgeSql.candidates(criteria, false, micros);
        PurgeSql events = PurgeSql.scheduleEvents(criteria, micros);
        return new PurgeResult(count("SELECT COUNT(*) AS n FROM (" + runs.sql() + ") c", runs),
                count("SELECT COUNT(*) AS n FROM task_attempts WHERE run_id IN (" + runs.sql() + ")", runs),
                count("SELECT COUNT(*) AS n FROM task_logs WHERE run_id IN (" + runs.sql() + ")", runs),
                count("SELECT COUNT(*) AS n FROM (" + events.sql() + ") c", events));
    }

    @Override
    public long purgeLogs(PurgeCriteria criteria) {
        return db.tx("Purging the task logs of a batch of runs older than " + criteria.olderThan(), tx -> {
            List<Long> ids = ids(tx, PurgeSql.candidates(criteria, true, Micros.of(criteria.olderThan())),
                    criteria.batchSize(), "run_id");
            long n = 0;
            for (int from = 0; from < ids.size(); from += PURGE_CHUNK) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + PURGE_CHUNK));
                n += JdbcGateway.dml(tx, "DELETE FROM task_logs WHERE run_id IN (" + PurgeSql.marks(chunk.size()) + ")",
                        chunk.toArray());
            }
            return n;
        });
    }

    @Override
    public long countPurgeableLogs(PurgeCriteria criteria) {
        PurgeSql runs = PurgeSql.candidates(criteria, false, Micros.of(criteria.olderThan()));
        return count("SELECT COUNT(*) AS n FROM task_logs WHERE run_id IN (" + runs.sql() + ")", runs);
    }

    private static List<Long> ids(io.helidon.dbclient.DbExecute tx, PurgeSql q, int limit, String column) {
        List<Object> params = new ArrayList<>(q.params());
        params.add(limit);
        return JdbcGateway.query(tx, q.limited(), r -> JdbcGateway.lng(r, column), params.toArray());
    }

    private long count(String sql, PurgeSql q) {
        return db.first("Counting what a purge would take", sql, r -> JdbcGateway.lng(r, "n"), q.params().toArray()).orElse(0L);
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
