package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.join;
import static ppacer.store.sqlite.Sql.micros;
import static ppacer.store.sqlite.Sql.split;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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

/** The {@code dags} and {@code dag_tasks} tables. */
final class SqliteDagStore implements DagStore {
    private static final String COLUMNS = "dag_id, description, tags, schedule, catch_up, max_active_runs, fingerprint, "
            + "version, active, paused, created_at, updated_at";
    private static final String TASK_COLUMNS = "dag_id, version, task_id, task_class, parents, depth, width, config_json";

    private final SqliteGateway db;

    SqliteDagStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public SyncResult sync(List<DagDefinition> dags, Instant now) {
        return db.write(() -> "sync " + dags.size() + " DAGs", s -> {
            Map<String, DagRecord> existing = new LinkedHashMap<>();
            for (DagRecord r : list(s)) {
                existing.put(r.dagId(), r);
            }
            List<String> inserted = new ArrayList<>();
            List<String> newVersions = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            List<String> reactivated = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (DagDefinition d : dags) {
                seen.add(d.dagId());
                DagRecord old = existing.get(d.dagId());
                if (old == null) {
                    PreparedStatement ps = s.prepare("INSERT INTO dags (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, 0, ?, ?)");
                    setMeta(ps, d);
                    ps.setLong(8, micros(now));
                    ps.setLong(9, micros(now));
                    ps.executeUpdate();
                    insertTasks(s, d, 1);
                    inserted.add(d.dagId());
                    continue;
                }
                boolean newVersion = !old.fingerprint().equals(d.fingerprint());
                boolean metaChanged = !old.description().equals(d.description()) || !old.tags().equals(d.tags())
                        || !old.schedule().equals(d.schedule()) || old.catchUp() != d.catchUp()
                        || old.maxActiveRuns() != d.maxActiveRuns();
                int version = newVersion ? old.version() + 1 : old.version();
                if (newVersion) {
                    insertTasks(s, d, version);
                    newVersions.add(d.dagId());
                } else if (metaChanged) {
                    updated.add(d.dagId());
                }
                if (!old.active()) {
                    reactivated.add(d.dagId());
                }
                if (newVersion || metaChanged || !old.active()) {
                    PreparedStatement ps = s.prepare("UPDATE dags SET dag_id = ?, description = ?, tags = ?, schedule = ?, "
                            + "catch_up = ?, max_active_runs = ?, fingerprint = ?, version = ?, active = 1, updated_at = ? "
                            + "WHERE dag_id = ?");
                    setMeta(ps, d);
                    ps.setInt(8, version);
                    ps.setLong(9, micros(now));
                    ps.setString(10, d.dagId());
                    ps.executeUpdate();
                }
            }
            List<String> deactivated = new ArrayList<>();
            for (DagRecord old : existing.values()) {
                if (old.active() && !seen.contains(old.dagId())) {
                    PreparedStatement ps = s.prepare("UPDATE dags SET active = 0, updated_at = ? WHERE dag_id = ?");
                    ps.setLong(1, micros(now));
                    ps.setString(2, old.dagId());
                    ps.executeUpdate();
                    deactivated.add(old.dagId());
                }
            }
            return new SyncResult(inserted, newVersions, updated, deactivated, reactivated);
        });
    }

    /** Sets parameters 1..7: dag_id, description, tags, schedule, catch_up, max_active_runs, fingerprint. */
    private static void setMeta(PreparedStatement ps, DagDefinition d) throws SQLException {
        ps.setString(1, d.dagId());
        ps.setString(2, d.description());
        ps.setString(3, join(d.tags()));
        ps.setString(4, d.schedule());
        ps.setInt(5, d.catchUp() ? 1 : 0);
        ps.setInt(6, d.maxActiveRuns());
        ps.setString(7, d.fingerprint());
    }

    private static void insertTasks(Session s, DagDefinition d, int version) throws SQLException {
        PreparedStatement ps = s.prepare("INSERT INTO dag_tasks (dag_id, version, position, task_id, task_class, parents, "
                + "depth, width, config_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        int position = 0;
        for (DagTaskDefinition t : d.tasks()) {
            ps.setString(1, d.dagId());
            ps.setInt(2, version);
            ps.setInt(3, position++);
            ps.setString(4, t.taskId());
            ps.setString(5, t.taskClass());
            ps.setString(6, join(t.parents()));
            ps.setInt(7, t.depth());
            ps.setInt(8, t.width());
            ps.setString(9, t.configJson());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    @Override
    public Optional<DagRecord> find(String dagId) {
        return db.read(() -> "read DAG '" + dagId + "'", s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM dags WHERE dag_id = ?");
            ps.setString(1, dagId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(dag(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<DagRecord> list() {
        return db.read(() -> "list DAGs", SqliteDagStore::list);
    }

    private static List<DagRecord> list(Session s) throws SQLException {
        List<DagRecord> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT " + COLUMNS + " FROM dags ORDER BY dag_id").executeQuery()) {
            while (rs.next()) {
                out.add(dag(rs));
            }
        }
        return out;
    }

    @Override
    public List<DagTaskRecord> currentTasks(String dagId) {
        return db.read(() -> "read the current tasks of DAG '" + dagId + "'", s -> {
            PreparedStatement ps = s.prepare("SELECT " + TASK_COLUMNS + " FROM dag_tasks t WHERE dag_id = ? AND version = "
                    + "(SELECT version FROM dags d WHERE d.dag_id = t.dag_id) ORDER BY position");
            ps.setString(1, dagId);
            return tasks(ps);
        });
    }

    @Override
    public List<DagTaskRecord> tasks(String dagId, int version) {
        return db.read(() -> "read the tasks of DAG '" + dagId + "' version " + version, s -> {
            PreparedStatement ps = s.prepare("SELECT " + TASK_COLUMNS + " FROM dag_tasks WHERE dag_id = ? AND version = ? "
                    + "ORDER BY position");
            ps.setString(1, dagId);
            ps.setInt(2, version);
            return tasks(ps);
        });
    }

    @Override
    public boolean setPaused(String dagId, boolean paused, Instant now, Optional<AuditEntry> audit) {
        return db.write(() -> "set paused = " + paused + " on DAG '" + dagId + "'", s -> {
            if (audit.isPresent()) { // compare-and-set: the row is recorded only when the flag changes
                PreparedStatement cas = s.prepare("UPDATE dags SET paused = ?, updated_at = ? WHERE dag_id = ? AND paused <> ?");
                cas.setInt(1, paused ? 1 : 0);
                cas.setLong(2, micros(now));
                cas.setString(3, dagId);
                cas.setInt(4, paused ? 1 : 0);
                if (cas.executeUpdate() == 1) {
                    SqliteAuditStore.insert(s, audit);
                    return true;
                }
            }
            PreparedStatement ps = s.prepare("UPDATE dags SET paused = ?, updated_at = ? WHERE dag_id = ?");
            ps.setInt(1, paused ? 1 : 0);
            ps.setLong(2, micros(now));
            ps.setString(3, dagId);
            return ps.executeUpdate() == 1;
        });
    }

    private static List<DagTaskRecord> tasks(PreparedStatement ps) throws SQLException {
        List<DagTaskRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DagTaskRecord(rs.getString("dag_id"), rs.getInt("version"), rs.getString("task_id"),
                        rs.getString("task_class"), split(rs.getString("parents")), rs.getInt("depth"), rs.getInt("width"),
                        rs.getString("config_json")));
            }
        }
        return out;
    }

    private static DagRecord dag(ResultSet rs) throws SQLException {
        return new DagRecord(rs.getString("dag_id"), rs.getString("description"), split(rs.getString("tags")),
                rs.getString("schedule"), rs.getInt("catch_up") == 1, rs.getInt("max_active_runs"),
                rs.getString("fingerprint"), rs.getInt("version"), rs.getInt("active") == 1, rs.getInt("paused") == 1,
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
