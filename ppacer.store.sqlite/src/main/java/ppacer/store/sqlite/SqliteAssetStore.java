package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import ppacer.api.AssetEvent;
import ppacer.api.AssetEventSource;
import ppacer.api.spi.AssetStore;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.NewAssetEvent;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.RecordedAssetEvent;

/** The asset tables. The single writer makes each check-then-insert atomic. */
final class SqliteAssetStore implements AssetStore {
    static final String COLUMNS = "e.event_id, e.asset_name, e.at, e.source_kind, e.dag_id, e.run_id, e.logical_time, "
            + "e.task_id, e.attempt, e.principal, e.address, e.metadata_json, e.idempotency_key";

    private final SqliteGateway db;

    SqliteAssetStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public RecordedAssetEvent record(NewAssetEvent e, Optional<AuditEntry> audit) {
        return db.write(() -> "record an event of asset '" + e.asset() + "'", s -> {
            Optional<AssetEvent> earlier = existing(s, e);
            if (earlier.isPresent()) {
                return new RecordedAssetEvent(earlier.get(), false);
            }
            PreparedStatement ps = s.prepare("INSERT INTO asset_events (asset_name, at, source_kind, dag_id, run_id, "
                    + "logical_time, task_id, attempt, principal, address, metadata_json, idempotency_key) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, e.asset());
            ps.setLong(2, micros(e.at()));
            switch (e.source()) {
                case AssetEventSource.Task t -> {
                    ps.setString(3, "TASK");
                    ps.setString(4, t.dagId());
                    ps.setLong(5, t.runId());
                    ps.setLong(6, micros(t.logicalTime()));
                    ps.setString(7, t.taskId());
                    ps.setInt(8, t.attempt());
                    ps.setNull(9, Types.VARCHAR);
                    ps.setNull(10, Types.VARCHAR);
                }
                case AssetEventSource.External x -> {
                    ps.setString(3, "EXTERNAL");
                    ps.setNull(4, Types.VARCHAR);
                    ps.setNull(5, Types.BIGINT);
                    ps.setNull(6, Types.BIGINT);
                    ps.setNull(7, Types.VARCHAR);
                    ps.setNull(8, Types.INTEGER);
                    ps.setString(9, x.principal());
                    Sql.setOptionalString(ps, 10, x.address());
                }
            }
            ps.setString(11, e.metadataJson());
            Sql.setOptionalString(ps, 12, e.idempotencyKey());
            ps.executeUpdate();
            long id;
            try (ResultSet rs = s.prepare("SELECT last_insert_rowid()").executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            SqliteAuditStore.insert(s, audit.map(a -> a.withAfter("asset " + e.asset() + " event " + id)));
            return new RecordedAssetEvent(new AssetEvent(id, e.asset(), e.at(), e.source(), e.metadataJson(),
                    e.idempotencyKey()), true);
        });
    }

    /** The stored event a new one repeats (same key, or same attempt), if any. */
    private static Optional<AssetEvent> existing(Session s, NewAssetEvent e) throws SQLException {
        PreparedStatement ps;
        if (e.idempotencyKey().isPresent()) {
            ps = s.prepare("SELECT " + COLUMNS + " FROM asset_events e WHERE e.asset_name = ? AND e.idempotency_key = ?");
            ps.setString(1, e.asset());
            ps.setString(2, e.idempotencyKey().get());
        } else if (e.source() instanceof AssetEventSource.Task t) {
            ps = s.prepare("SELECT " + COLUMNS + " FROM asset_events e WHERE e.asset_name = ? AND e.run_id = ? "
                    + "AND e.task_id = ? AND e.attempt = ?");
            ps.setString(1, e.asset());
            ps.setLong(2, t.runId());
            ps.setString(3, t.taskId());
            ps.setInt(4, t.attempt());
        } else {
            return Optional.empty();
        }
        List<AssetEvent> l = list(ps);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    @Override
    public Optional<AssetEvent> find(long eventId) {
        return db.read(() -> "read asset event " + eventId, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM asset_events e WHERE e.event_id = ?");
            ps.setLong(1, eventId);
            List<AssetEvent> l = list(ps);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
        });
    }

    @Override
    public List<AssetEvent> events(String asset, OptionalLong beforeId, int limit) {
        return db.read(() -> "read the events of asset '" + asset + "'", s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM asset_events e WHERE e.asset_name = ? "
                    + "AND e.event_id < ? ORDER BY e.event_id DESC LIMIT ?");
            ps.setString(1, asset);
            ps.setLong(2, beforeId.orElse(Long.MAX_VALUE));
            ps.setInt(3, limit);
            return list(ps);
        });
    }

    @Override
    public List<AssetEvent> latestPerAsset() {
        return db.read(() -> "read the latest event of each asset", s -> list(s.prepare("SELECT " + COLUMNS
                + " FROM asset_events e WHERE e.event_id = (SELECT MAX(l.event_id) FROM asset_events l "
                + "WHERE l.asset_name = e.asset_name) ORDER BY e.asset_name")));
    }

    @Override
    public void watch(String dagId, Set<String> assets) {
        if (assets.isEmpty()) {
            return;
        }
        db.write(() -> "watch assets " + assets + " for DAG '" + dagId + "'", s -> {
            long since;
            try (ResultSet rs = s.prepare("SELECT COALESCE(MAX(event_id), 0) FROM asset_events").executeQuery()) {
                rs.next();
                since = rs.getLong(1);
            }
            PreparedStatement ps = s.prepare("INSERT INTO asset_consumers (dag_id, asset_name, since_event_id) "
                    + "VALUES (?, ?, ?) ON CONFLICT (dag_id, asset_name) DO NOTHING");
            for (String a : assets) {
                ps.setString(1, dagId);
                ps.setString(2, a);
                ps.setLong(3, since);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<AssetEvent> pending(String dagId, Set<String> assets) {
        if (assets.isEmpty()) {
            return List.of();
        }
        return db.read(() -> "read the pending asset events of DAG '" + dagId + "'", s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM asset_events e JOIN asset_consumers c "
                    + "ON c.asset_name = e.asset_name AND c.dag_id = ? AND e.event_id > c.since_event_id "
                    + "WHERE e.asset_name IN (" + marks(assets.size()) + ") AND NOT EXISTS (SELECT 1 FROM "
                    + "asset_consumptions k WHERE k.dag_id = ? AND k.event_id = e.event_id) ORDER BY e.event_id");
            int i = 1;
            ps.setString(i++, dagId);
            for (String a : assets) {
                ps.setString(i++, a);
            }
            ps.setString(i, dagId);
            return list(ps);
        });
    }

    @Override
    public OptionalLong insertRunConsuming(NewDagRun run, List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            throw new IllegalArgumentException("A run consuming asset events needs at least one event (DAG '"
                    + run.dagId() + "')");
        }
        return db.write(() -> "insert the run of DAG '" + run.dagId() + "' consuming asset events " + eventIds, s -> {
            if (anyTaken(s, run.dagId(), eventIds)) {
                return OptionalLong.empty();
            }
            long runId = SqliteDagRunStore.insertRun(s, run);
            take(s, run.dagId(), eventIds, OptionalLong.of(runId), run.createdAt());
            return OptionalLong.of(runId);
        });
    }

    @Override
    public int drop(String dagId, List<Long> eventIds, Instant at) {
        if (eventIds.isEmpty()) {
            return 0;
        }
        return db.write(() -> "drop asset events " + eventIds + " for DAG '" + dagId + "'", s -> {
            int n = 0;
            PreparedStatement ps = s.prepare("INSERT INTO asset_consumptions (dag_id, event_id, run_id, consumed_at) "
                    + "VALUES (?, ?, NULL, ?) ON CONFLICT (dag_id, event_id) DO NOTHING");
            for (long id : eventIds) {
                ps.setString(1, dagId);
                ps.setLong(2, id);
                ps.setLong(3, micros(at));
                n += ps.executeUpdate();
            }
            return n;
        });
    }

    @Override
    public List<AssetEvent> consumedBy(long runId) {
        return db.read(() -> "read the asset events run " + runId + " consumed", s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM asset_consumptions k JOIN asset_events e "
                    + "ON e.event_id = k.event_id WHERE k.run_id = ? ORDER BY e.event_id");
            ps.setLong(1, runId);
            return list(ps);
        });
    }

    /** The events {@link AssetStore#purgeOlderThan} may delete, oldest first (the cutoff is the one parameter). */
    static final String PURGEABLE = " FROM asset_events e WHERE e.at < ?"
            // not the newest event of its asset
            + " AND EXISTS (SELECT 1 FROM asset_events n WHERE n.asset_name = e.asset_name AND n.event_id > e.event_id)"
            // not pending for an active consumer
            + " AND NOT EXISTS (SELECT 1 FROM asset_consumers c JOIN dags d ON d.dag_id = c.dag_id"
            + " WHERE c.asset_name = e.asset_name AND d.active = 1 AND c.since_event_id < e.event_id"
            + " AND NOT EXISTS (SELECT 1 FROM asset_consumptions k WHERE k.dag_id = c.dag_id AND k.event_id = e.event_id))"
            // not a triggering event of a stored run
            + " AND NOT EXISTS (SELECT 1 FROM asset_consumers c JOIN asset_consumptions k ON k.dag_id = c.dag_id"
            + " AND k.event_id = e.event_id JOIN dag_runs r ON r.run_id = k.run_id WHERE c.asset_name = e.asset_name)";

    @Override
    public int purgeOlderThan(Instant cutoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, was " + batchSize);
        }
        return db.write(() -> "purge up to " + batchSize + " asset events older than " + cutoff, s -> {
            PreparedStatement pick = s.prepare("SELECT e.event_id, e.asset_name" + PURGEABLE + " ORDER BY e.event_id LIMIT ?");
            pick.setLong(1, micros(cutoff));
            pick.setInt(2, batchSize);
            List<Long> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = pick.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    names.add(rs.getString(2));
                }
            }
            PreparedStatement takes = s.prepare("DELETE FROM asset_consumptions WHERE event_id = ? AND dag_id IN "
                    + "(SELECT dag_id FROM asset_consumers WHERE asset_name = ?)");
            PreparedStatement events = s.prepare("DELETE FROM asset_events WHERE event_id = ?");
            int n = 0;
            for (int i = 0; i < ids.size(); i++) {
                takes.setLong(1, ids.get(i));
                takes.setString(2, names.get(i));
                takes.executeUpdate();
                events.setLong(1, ids.get(i));
                n += events.executeUpdate();
            }
            return n;
        });
    }

    @Override
    public long countPurgeable(Instant cutoff) {
        return db.read(() -> "count the asset events older than " + cutoff + " that may go", s -> {
            PreparedStatement ps = s.prepare("SELECT COUNT(*)" + PURGEABLE);
            ps.setLong(1, micros(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static boolean anyTaken(Session s, String dagId, Collection<Long> eventIds) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT COUNT(*) FROM asset_consumptions WHERE dag_id = ? AND event_id IN ("
                + marks(eventIds.size()) + ")");
        int i = 1;
        ps.setString(i++, dagId);
        for (long id : eventIds) {
            ps.setLong(i++, id);
        }
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static void take(Session s, String dagId, List<Long> eventIds, OptionalLong runId, Instant at)
            throws SQLException {
        PreparedStatement ps = s.prepare("INSERT INTO asset_consumptions (dag_id, event_id, run_id, consumed_at) "
                + "VALUES (?, ?, ?, ?)");
        for (long id : eventIds) {
            ps.setString(1, dagId);
            ps.setLong(2, id);
            ps.setLong(3, runId.orElseThrow());
            ps.setLong(4, micros(at));
            ps.executeUpdate();
        }
    }

    private static String marks(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }

    private static List<AssetEvent> list(PreparedStatement ps) throws SQLException {
        List<AssetEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                AssetEventSource source = "TASK".equals(rs.getString("source_kind"))
                        ? new AssetEventSource.Task(rs.getString("dag_id"), rs.getLong("run_id"),
                                instant(rs.getLong("logical_time")), rs.getString("task_id"), rs.getInt("attempt"))
                        : new AssetEventSource.External(rs.getString("principal"),
                                Optional.ofNullable(rs.getString("address")));
                out.add(new AssetEvent(rs.getLong("event_id"), rs.getString("asset_name"), instant(rs.getLong("at")),
                        source, rs.getString("metadata_json"), Optional.ofNullable(rs.getString("idempotency_key"))));
            }
        }
        return out;
    }
}
