package ppacer.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.BackfillStore;
import ppacer.api.spi.BundleStore;
import ppacer.api.spi.DagRunStore;
import ppacer.api.spi.DagStore;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.ApiKeyStore;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.PoolStore;
import ppacer.api.spi.PurgeCriteria;
import ppacer.api.storesql.PurgeSql;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.ScheduleEventStore;
import ppacer.api.spi.Store;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.api.spi.TaskLogStore;
import ppacer.api.spi.WriteHealth;

/** An open SQLite store: one repository per table over a shared {@link SqliteGateway}. */
final class SqliteStore implements Store {
    private final SqliteGateway db;
    private final SqliteDagStore dags;
    private final SqliteDagRunStore runs;
    private final SqliteAttemptStore attempts;
    private final SqliteScheduleEventStore events;
    private final SqliteLogStore logs;
    private final SqliteDeadlineStore deadlines;
    private final SqliteBackfillStore backfills;
    private final SqlitePoolStore pools;
    private final SqliteApiKeyStore apiKeys;
    private final SqliteAuditStore audit;
    private final SqliteBundleStore bundles;
    private final SqliteDeferralStore deferrals;
    private final SqliteAssetStore assets;

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
        this.apiKeys = new SqliteApiKeyStore(db);
        this.audit = new SqliteAuditStore(db);
        this.bundles = new SqliteBundleStore(db);
        this.deferrals = new SqliteDeferralStore(db);
        this.assets = new SqliteAssetStore(db);
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
        return db.write(() -> "purge a batch of runs older than " + criteria.olderThan(), s -> {
            long micros = Sql.micros(criteria.olderThan());
            PurgeSql runs = PurgeSql.candidates(criteria, false, micros);
            List<Long> ids = ids(s, runs.limited(), runs.params(), criteria.batchSize());
            long[] counts = new long[PurgeSql.RUN_TABLES.size()];
            if (!ids.isEmpty()) {
                String in = " WHERE run_id IN (" + PurgeSql.marks(ids.size()) + ")";
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = update(s, "DELETE FROM " + PurgeSql.RUN_TABLES.get(i) + in, ids);
                }
            }
            PurgeSql events = PurgeSql.scheduleEvents(criteria, micros);
            List<Long> eventIds = ids(s, events.limited(), events.params(), criteria.batchSize());
            long eventCount = eventIds.isEmpty() ? 0 : update(s, "DELETE FROM schedule_events WHERE event_id IN ("
                    + PurgeSql.marks(eventIds.size()) + ")", eventIds);
            if (!ids.isEmpty() || eventCount > 0) {
                SqliteAuditStore.insert(s, audit);
            }
            return new PurgeResult(counts[counts.length - 1], counts[PurgeSql.RUN_TABLES.indexOf("task_attempts")],
                    counts[0], eventCount);
        });
    }

    @Override
    public PurgeResult countPurgeableRuns(PurgeCriteria criteria) {
        return db.read(() -> "count the runs a purge would take", s -> {
            long micros = Sql.micros(criteria.olderThan());
            PurgeSql runs = PurgeSql.candidates(criteria, false, micros);
            PurgeSql events = PurgeSql.scheduleEvents(criteria, micros);
            return new PurgeResult(count(s, "SELECT COUNT(*) FROM (" + runs.sql() + ")", runs.params()),
                    count(s, "SELECT COUNT(*) FROM task_attempts WHERE run_id IN (" + runs.sql() + ")", runs.params()),
                    count(s, "SELECT COUNT(*) FROM task_logs WHERE run_id IN (" + runs.sql() + ")", runs.params()),
                    count(s, "SELECT COUNT(*) FROM (" + events.sql() + ")", events.params()));
        });
    }

    @Override
    public long purgeLogs(PurgeCriteria criteria) {
        return db.write(() -> "purge the task logs of a batch of runs older than " + criteria.olderThan(), s -> {
            PurgeSql runs = PurgeSql.candidates(criteria, true, Sql.micros(criteria.olderThan()));
            List<Long> ids = ids(s, runs.limited(), runs.params(), criteria.batchSize());
            return ids.isEmpty() ? 0 : update(s, "DELETE FROM task_logs WHERE run_id IN (" + PurgeSql.marks(ids.size()) + ")", ids);
        });
    }

    @Override
    public long countPurgeableLogs(PurgeCriteria criteria) {
        return db.read(() -> "count the task logs a purge would take", s -> {
            PurgeSql runs = PurgeSql.candidates(criteria, false, Sql.micros(criteria.olderThan()));
            return count(s, "SELECT COUNT(*) FROM task_logs WHERE run_id IN (" + runs.sql() + ")", runs.params());
        });
    }

    @Override
    public long reclaimSpace(int maxPages) {
        return db.write(() -> "incremental vacuum of up to " + maxPages + " pages", s -> {
            long before = pragma(s, "PRAGMA freelist_count");
            // incremental_vacuum frees one page per step of its statement, and the driver steps a
            // statement once per execute: one execute per page, all in this one transaction (~25 us a page)
            // (its own statement, closed before the commit: a stepped, unreset one would keep it from committing)
            try (PreparedStatement ps = s.connection().prepareStatement("PRAGMA incremental_vacuum(1)")) {
                for (long i = Math.min(before, Math.max(1, maxPages)); i > 0; i--) {
                    ps.execute();
                }
            }
            return before - pragma(s, "PRAGMA freelist_count");
        });
    }

    private static long pragma(Session s, String sql) throws SQLException {
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static List<Long> ids(Session s, String sql, List<Object> params, int limit) throws SQLException {
        PreparedStatement ps = s.prepare(sql);
        bind(ps, params);
        ps.setLong(params.size() + 1, limit);
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static long count(Session s, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = s.prepare(sql);
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long update(Session s, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = s.connection().prepareStatement(sql)) { // IN lists vary: not kept prepared
            bind(ps, params);
            return ps.executeLargeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
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
