package ppacer.store.jdbc;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.DagDefinition;
import ppacer.api.spi.DagRecord;
import ppacer.api.spi.DagStore;
import ppacer.api.spi.DagTaskDefinition;
import ppacer.api.spi.DagTaskRecord;
import ppacer.api.spi.SyncResult;

/** DAGs and their versioned tasks. Lists (tags, parents) are stored newline-joined. */
final class JdbcDagStore implements DagStore {
    private static final String DAG_COLUMNS = "dag_id, description, tags, schedule, catch_up, max_active_runs, "
            + "fingerprint, version, active, paused, created_at, updated_at";
    private static final String TASK_COLUMNS = "dag_id, version, task_id, task_class, parents, depth, width, config_json";
    private final JdbcGateway db;

    JdbcDagStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public SyncResult sync(List<DagDefinition> dags, Instant now) {
        return db.tx("Syncing " + dags.size() + " DAG(s)", tx -> {
            Map<String, DagRecord> stored = new LinkedHashMap<>();
            for (DagRecord r : JdbcGateway.query(tx, "SELECT " + DAG_COLUMNS + " FROM dags ORDER BY dag_id", JdbcDagStore::dag)) {
                stored.put(r.dagId(), r);
            }
            List<String> inserted = new ArrayList<>();
            List<String> newVersions = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            List<String> deactivated = new ArrayList<>();
            List<String> reactivated = new ArrayList<>();
            long at = Micros.of(now);
            Set<String> seen = new HashSet<>();
            for (DagDefinition d : dags) {
                seen.add(d.dagId());
                DagRecord old = stored.get(d.dagId());
                if (old == null) {
                    JdbcGateway.dml(tx, "INSERT INTO dags (" + DAG_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, 0, ?, ?)",
                            d.dagId(), nz(d.description()), join(d.tags()), nz(d.schedule()), d.catchUp() ? 1 : 0,
                            d.maxActiveRuns(), nz(d.fingerprint()), at, at);
                    insertTasks(tx, d, 1);
                    inserted.add(d.dagId());
                    continue;
                }
                boolean fingerprintChanged = !nz(d.fingerprint()).equals(old.fingerprint());
                boolean metaChanged = !nz(d.description()).equals(old.description()) || !d.tags().equals(old.tags())
                        || !nz(d.schedule()).equals(old.schedule()) || d.catchUp() != old.catchUp()
                        || d.maxActiveRuns() != old.maxActiveRuns();
                int version = fingerprintChanged ? old.version() + 1 : old.version();
                if (fingerprintChanged || metaChanged || !old.active()) {
                    JdbcGateway.dml(tx, "UPDATE dags SET description = ?, tags = ?, schedule = ?, catch_up = ?, max_active_runs = ?, "
                                    + "fingerprint = ?, version = ?, active = 1, updated_at = ? WHERE dag_id = ?",
                            nz(d.description()), join(d.tags()), nz(d.schedule()), d.catchUp() ? 1 : 0, d.maxActiveRuns(),
                            nz(d.fingerprint()), version, at, d.dagId());
                }
                if (fingerprintChanged) {
                    insertTasks(tx, d, version);
                    newVersions.add(d.dagId());
                } else if (metaChanged) {
                    updated.add(d.dagId());
                }
                if (!old.active()) {
                    reactivated.add(d.dagId());
                }
            }
            for (DagRecord old : stored.values()) {
                if (old.active() && !seen.contains(old.dagId())) {
                    JdbcGateway.dml(tx, "UPDATE dags SET active = 0, updated_at = ? WHERE dag_id = ?", at, old.dagId());
                    deactivated.add(old.dagId());
                }
            }
            return new SyncResult(inserted, newVersions, updated, deactivated, reactivated);
        });
    }

    private static void insertTasks(DbExecute tx, DagDefinition d, int version) {
        int position = 0;
        for (DagTaskDefinition t : d.tasks()) {
            JdbcGateway.dml(tx, "INSERT INTO dag_tasks (dag_id, version, task_id, position, task_class, parents, depth, width, "
                            + "config_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    d.dagId(), version, t.taskId(), position++, nz(t.taskClass()), join(t.parents()), t.depth(), t.width(),
                    nz(t.configJson()));
        }
    }

    @Override
    public Optional<DagRecord> find(String dagId) {
        return db.first("Reading DAG '" + dagId + "'", "SELECT " + DAG_COLUMNS + " FROM dags WHERE dag_id = ?",
                JdbcDagStore::dag, dagId);
    }

    @Override
    public List<DagRecord> list() {
        return db.query("Listing DAGs", "SELECT " + DAG_COLUMNS + " FROM dags ORDER BY dag_id", JdbcDagStore::dag);
    }

    @Override
    public List<DagTaskRecord> currentTasks(String dagId) {
        return db.query("Reading the current tasks of DAG '" + dagId + "'", "SELECT t.dag_id, t.version, t.task_id, "
                        + "t.task_class, t.parents, t.depth, t.width, t.config_json FROM dag_tasks t JOIN dags d "
                        + "ON d.dag_id = t.dag_id AND d.version = t.version WHERE t.dag_id = ? ORDER BY t.position",
                JdbcDagStore::task, dagId);
    }

    @Override
    public List<DagTaskRecord> tasks(String dagId, int version) {
        return db.query("Reading tasks of DAG '" + dagId + "' version " + version, "SELECT " + TASK_COLUMNS
                + " FROM dag_tasks WHERE dag_id = ? AND version = ? ORDER BY position", JdbcDagStore::task, dagId, version);
    }

    @Override
    public boolean setPaused(String dagId, boolean paused, Instant now, Optional<AuditEntry> audit) {
        String what = "Setting paused=" + paused + " on DAG '" + dagId + "'";
        String update = "UPDATE dags SET paused = ?, updated_at = ? WHERE dag_id = ?";
        if (audit.isEmpty()) {
            return db.dml(what, update, paused ? 1 : 0, Micros.of(now), dagId) > 0;
        }
        return db.tx(what, tx -> {
            // compare-and-set: the row is recorded only when the flag changes
            if (JdbcGateway.dml(tx, update + " AND paused <> ?", paused ? 1 : 0, Micros.of(now), dagId, paused ? 1 : 0) > 0) {
                JdbcAuditStore.insert(tx, audit);
                return true;
            }
            return JdbcGateway.dml(tx, update, paused ? 1 : 0, Micros.of(now), dagId) > 0;
        });
    }

    private static DagRecord dag(DbRow r) {
        return new DagRecord(JdbcGateway.str(r, "dag_id"), JdbcGateway.str(r, "description"), split(JdbcGateway.str(r, "tags")),
                JdbcGateway.str(r, "schedule"), JdbcGateway.flag(r, "catch_up"), JdbcGateway.integer(r, "max_active_runs"), JdbcGateway.str(r, "fingerprint"),
                JdbcGateway.integer(r, "version"), JdbcGateway.flag(r, "active"), JdbcGateway.flag(r, "paused"), Micros.toInstant(JdbcGateway.raw(r, "created_at")),
                Micros.toInstant(JdbcGateway.raw(r, "updated_at")));
    }

    private static DagTaskRecord task(DbRow r) {
        return new DagTaskRecord(JdbcGateway.str(r, "dag_id"), JdbcGateway.integer(r, "version"), JdbcGateway.str(r, "task_id"),
                JdbcGateway.str(r, "task_class"), split(JdbcGateway.str(r, "parents")), JdbcGateway.integer(r, "depth"), JdbcGateway.integer(r, "width"),
                JdbcGateway.str(r, "config_json"));
    }

    static String join(List<String> values) {
        return String.join("\n", values);
    }

    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n", -1));
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
