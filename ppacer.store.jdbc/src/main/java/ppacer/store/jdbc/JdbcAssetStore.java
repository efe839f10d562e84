package ppacer.store.jdbc;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import ppacer.api.AssetEvent;
import ppacer.api.AssetEventSource;
import ppacer.api.spi.AssetStore;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.NewAssetEvent;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.RecordedAssetEvent;

/**
 * The asset tables. A check-then-insert that loses a race to a concurrent writer fails on the unique
 * index; it is then answered from the row the other writer committed.
 */
final class JdbcAssetStore implements AssetStore {
    private static final String COLUMNS = "e.event_id, e.asset_name, e.at, e.source_kind, e.dag_id, e.run_id, "
            + "e.logical_time, e.task_id, e.attempt, e.principal, e.address, e.metadata_json, e.idempotency_key";

    private final JdbcGateway db;

    JdbcAssetStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public RecordedAssetEvent record(NewAssetEvent e, Optional<AuditEntry> audit) {
        String what = "Recording an event of asset '" + e.asset() + "'";
        Optional<AssetEvent> earlier = existing(e);
        if (earlier.isPresent()) {
            return new RecordedAssetEvent(earlier.get(), false);
        }
        try {
            return db.tx(what, tx -> {
                Object dagId = null;
                Object runId = null;
                Object logical = null;
                Object taskId = null;
                Object attempt = null;
                Object principal = null;
                Object address = null;
                String kind;
                switch (e.source()) {
                    case AssetEventSource.Task t -> {
                        kind = "TASK";
                        dagId = t.dagId();
                        runId = t.runId();
                        logical = Micros.of(t.logicalTime());
                        taskId = t.taskId();
                        attempt = t.attempt();
                    }
                    case AssetEventSource.External x -> {
                        kind = "EXTERNAL";
                        principal = x.principal();
                        address = x.address().orElse(null);
                    }
                }
                JdbcGateway.dml(tx, "INSERT INTO asset_events (asset_name, at, source_kind, dag_id, run_id, logical_time, "
                                + "task_id, attempt, principal, address, metadata_json, idempotency_key) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.asset(), Micros.of(e.at()), kind, dagId,
                        runId, logical, taskId, attempt, principal, address, e.metadataJson(),
                        e.idempotencyKey().orElse(null));
                // the session's last generated id, read in the same transaction
                String lastId = db.dialect() == Dialect.POSTGRESQL ? "SELECT lastval() AS id" : "SELECT LAST_INSERT_ID() AS id";
                long id = JdbcGateway.query(tx, lastId, r -> JdbcGateway.lng(r, "id")).getFirst();
                JdbcAuditStore.insert(tx, audit.map(a -> a.withAfter("asset " + e.asset() + " event " + id)));
                return new RecordedAssetEvent(new AssetEvent(id, e.asset(), e.at(), e.source(), e.metadataJson(),
                        e.idempotencyKey()), true);
            });
        } catch (RuntimeException x) {
            if (db.failures().isDuplicateKey(x)) {
                Optional<AssetEvent> other = existing(e);
                if (other.isPresent()) {
                    return new RecordedAssetEvent(other.get(), false);
                }
            }
            throw x;
        }
    }

    /** The stored event a new one repeats (same key, or same attempt), if any. */
    private Optional<AssetEvent> existing(NewAssetEvent e) {
        if (e.idempotencyKey().isPresent()) {
            return db.first("Reading the event of asset '" + e.asset() + "' with key '" + e.idempotencyKey().get() + "'",
                    "SELECT " + COLUMNS + " FROM asset_events e WHERE e.asset_name = ? AND e.idempotency_key = ?",
                    JdbcAssetStore::event, e.asset(), e.idempotencyKey().get());
        }
        if (e.source() instanceof AssetEventSource.Task t) {
            return db.first("Reading the event of asset '" + e.asset() + "' of " + t.describe(), "SELECT " + COLUMNS
                    + " FROM asset_events e WHERE e.asset_name = ? AND e.run_id = ? AND e.task_id = ? AND e.attempt = ?",
                    JdbcAssetStore::event, e.asset(), t.runId(), t.taskId(), t.attempt());
        }
        return Optional.empty();
    }

    @Override
    public Optional<AssetEvent> find(long eventId) {
        return db.first("Reading asset event " + eventId, "SELECT " + COLUMNS + " FROM asset_events e WHERE e.event_id = ?",
                JdbcAssetStore::event, eventId);
    }

    @Override
    public List<AssetEvent> events(String asset, OptionalLong beforeId, int limit) {
        return db.query("Reading the events of asset '" + asset + "'", "SELECT " + COLUMNS + " FROM asset_events e "
                + "WHERE e.asset_name = ? AND e.event_id < ? ORDER BY e.event_id DESC LIMIT " + Math.max(0, limit),
                JdbcAssetStore::event, asset, beforeId.orElse(Long.MAX_VALUE));
    }

    @Override
    public List<AssetEvent> latestPerAsset() {
        return db.query("Reading the latest event of each asset", "SELECT " + COLUMNS + " FROM asset_events e "
                + "WHERE e.event_id = (SELECT MAX(l.event_id) FROM asset_events l WHERE l.asset_name = e.asset_name) "
                + "ORDER BY e.asset_name", JdbcAssetStore::event);
    }

    @Override
    public void watch(String dagId, Set<String> assets) {
        if (assets.isEmpty()) {
            return;
        }
        List<String> known = db.query("Reading the assets DAG '" + dagId + "' watches", "SELECT asset_name FROM "
                + "asset_consumers WHERE dag_id = ?", r -> JdbcGateway.str(r, "asset_name"), dagId);
        List<String> added = assets.stream().filter(a -> !known.contains(a)).toList();
        if (added.isEmpty()) {
            return;
        }
        try {
            db.tx("Watching assets " + added + " for DAG '" + dagId + "'", tx -> {
                long since = JdbcGateway.query(tx, "SELECT COALESCE(MAX(event_id), 0) AS m FROM asset_events",
                        r -> ((Number) JdbcGateway.raw(r, "m")).longValue()).getFirst();
                for (String a : added) {
                    JdbcGateway.dml(tx, "INSERT INTO asset_consumers (dag_id, asset_name, since_event_id) VALUES (?, ?, ?)",
                            dagId, a, since);
                }
                return null;
            });
        } catch (RuntimeException x) {
            if (!db.failures().isDuplicateKey(x)) {
                throw x; // a duplicate: another scheduler registered the DAG at the same moment
            }
        }
    }

    @Override
    public List<AssetEvent> pending(String dagId, Set<String> assets) {
        if (assets.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(dagId);
        params.addAll(assets);
        params.add(dagId);
        return db.query("Reading the pending asset events of DAG '" + dagId + "'", "SELECT " + COLUMNS
                + " FROM asset_events e JOIN asset_consumers c ON c.asset_name = e.asset_name AND c.dag_id = ? "
                + "AND e.event_id > c.since_event_id WHERE e.asset_name IN (" + marks(assets.size()) + ") AND NOT EXISTS "
                + "(SELECT 1 FROM asset_consumptions k WHERE k.dag_id = ? AND k.event_id = e.event_id) ORDER BY e.event_id",
                JdbcAssetStore::event, params.toArray());
    }

    @Override
    public OptionalLong insertRunConsuming(NewDagRun run, List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            throw new IllegalArgumentException("A run consuming asset events needs at least one event (DAG '"
                    + run.dagId() + "')");
        }
        String what = "Inserting the run of DAG '" + run.dagId() + "' consuming asset events " + eventIds;
        try {
            return db.tx(what, tx -> {
                if (anyTaken(tx, run.dagId(), eventIds)) {
                    return OptionalLong.empty();
                }
                long runId = JdbcDagRunStore.insertRun(db, tx, run);
                for (long id : eventIds) {
                    JdbcGateway.dml(tx, "INSERT INTO asset_consumptions (dag_id, event_id, run_id, consumed_at) "
                            + "VALUES (?, ?, ?, ?)", run.dagId(), id, runId, Micros.of(run.createdAt()));
                }
                return OptionalLong.of(runId);
            });
        } catch (ppacer.api.spi.DuplicateKeyException x) {
            throw x; // the run's logical time is taken
        } catch (RuntimeException x) {
            if (db.failures().isDuplicateKey(x)) {
                return OptionalLong.empty(); // a concurrent writer consumed one of the events first
            }
            throw x;
        }
    }

    @Override
    public int drop(String dagId, List<Long> eventIds, Instant at) {
        if (eventIds.isEmpty()) {
            return 0;
        }
        try {
            return db.tx("Dropping asset events " + eventIds + " for DAG '" + dagId + "'", tx -> {
                List<Long> taken = JdbcGateway.query(tx, "SELECT event_id FROM asset_consumptions WHERE dag_id = ? AND "
                        + "event_id IN (" + marks(eventIds.size()) + ")", r -> JdbcGateway.lng(r, "event_id"),
                        params(dagId, eventIds));
                int n = 0;
                for (long id : eventIds) {
                    if (!taken.contains(id)) {
                        n += (int) JdbcGateway.dml(tx, "INSERT INTO asset_consumptions (dag_id, event_id, run_id, "
                                + "consumed_at) VALUES (?, ?, NULL, ?)", dagId, id, Micros.of(at));
                    }
                }
                return n;
            });
        } catch (RuntimeException x) {
            if (db.failures().isDuplicateKey(x)) {
                return 0; // a concurrent writer took them first
            }
            throw x;
        }
    }

    @Override
    public List<AssetEvent> consumedBy(long runId) {
        return db.query("Reading the asset events run " + runId + " consumed", "SELECT " + COLUMNS
                + " FROM asset_consumptions k JOIN asset_events e ON e.event_id = k.event_id WHERE k.run_id = ? "
                + "ORDER BY e.event_id", JdbcAssetStore::event, runId);
    }

    /** The events {@link AssetStore#purgeOlderThan} may delete (the cutoff is the one parameter). */
    private static final String PURGEABLE = " FROM asset_events e WHERE e.at < ?"
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
        return db.tx("Purging up to " + batchSize + " asset events older than " + cutoff, tx -> {
            List<Object[]> picked = JdbcGateway.query(tx, "SELECT e.event_id, e.asset_name" + PURGEABLE
                    + " ORDER BY e.event_id LIMIT " + batchSize,
                    r -> new Object[] {JdbcGateway.lng(r, "event_id"), JdbcGateway.str(r, "asset_name")}, Micros.of(cutoff));
            int n = 0;
            for (Object[] p : picked) {
                JdbcGateway.dml(tx, "DELETE FROM asset_consumptions WHERE event_id = ? AND dag_id IN "
                        + "(SELECT dag_id FROM asset_consumers WHERE asset_name = ?)", p[0], p[1]);
                n += (int) JdbcGateway.dml(tx, "DELETE FROM asset_events WHERE event_id = ?", p[0]);
            }
            return n;
        });
    }

    @Override
    public long countPurgeable(Instant cutoff) {
        return db.first("Counting the asset events older than " + cutoff + " that may go", "SELECT COUNT(*) AS n"
                + PURGEABLE, r -> JdbcGateway.lng(r, "n"), Micros.of(cutoff)).orElse(0L);
    }

    private static boolean anyTaken(DbTransaction tx, String dagId, Collection<Long> eventIds) {
        return !JdbcGateway.query(tx, "SELECT event_id FROM asset_consumptions WHERE dag_id = ? AND event_id IN ("
                + marks(eventIds.size()) + ")", r -> JdbcGateway.lng(r, "event_id"), params(dagId, eventIds)).isEmpty();
    }

    private static Object[] params(String dagId, Collection<Long> eventIds) {
        List<Object> out = new ArrayList<>(eventIds.size() + 1);
        out.add(dagId);
        out.addAll(eventIds);
        return out.toArray();
    }

    private static String marks(int n) {
        return IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }

    private static AssetEvent event(DbRow r) {
        AssetEventSource source = "TASK".equals(JdbcGateway.str(r, "source_kind"))
                ? new AssetEventSource.Task(JdbcGateway.str(r, "dag_id"), JdbcGateway.lng(r, "run_id"),
                        Micros.toInstant(JdbcGateway.lng(r, "logical_time")), JdbcGateway.str(r, "task_id"),
                        JdbcGateway.integer(r, "attempt"))
                : new AssetEventSource.External(JdbcGateway.str(r, "principal"),
                        Optional.ofNullable((String) JdbcGateway.raw(r, "address")));
        Object key = JdbcGateway.raw(r, "idempotency_key");
        return new AssetEvent(JdbcGateway.lng(r, "event_id"), JdbcGateway.str(r, "asset_name"),
                Micros.toInstant(JdbcGateway.lng(r, "at")), source, JdbcGateway.str(r, "metadata_json"),
                Optional.ofNullable((String) key));
    }
}
