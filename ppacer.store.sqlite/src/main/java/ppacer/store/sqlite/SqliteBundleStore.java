package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.BundleRunCount;
import ppacer.api.spi.BundleStore;
import ppacer.api.spi.BundleVersionRecord;

/** The {@code bundle_versions} table. */
final class SqliteBundleStore implements BundleStore {
    private static final String COLUMNS = "bundle, version, hash, deployed_at, deployed_by, dag_ids, active";

    private final SqliteGateway db;

    SqliteBundleStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public List<BundleVersionRecord> list() {
        return db.read(() -> "list bundle versions", s -> all(s.prepare("SELECT " + COLUMNS
                + " FROM bundle_versions ORDER BY bundle, version")));
    }

    @Override
    public List<BundleVersionRecord> active() {
        return db.read(() -> "list active bundle versions", s -> all(s.prepare("SELECT " + COLUMNS
                + " FROM bundle_versions WHERE active = 1 ORDER BY bundle")));
    }

    @Override
    public Optional<BundleVersionRecord> findByHash(String hash) {
        return db.read(() -> "find bundle version " + hash, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS
                    + " FROM bundle_versions WHERE hash = ? ORDER BY deployed_at DESC, version DESC LIMIT 1");
            ps.setString(1, hash);
            return all(ps).stream().findFirst();
        });
    }

    @Override
    public BundleVersionRecord deploy(String bundle, String hash, List<String> dagIds, Instant at, String by,
                                      Optional<AuditEntry> audit) {
        String json = BundleVersionRecord.dagIdsJson(dagIds);
        return db.write(() -> "deploy bundle '" + bundle + "' " + hash, s -> {
            PreparedStatement current = s.prepare("SELECT " + COLUMNS + " FROM bundle_versions WHERE bundle = ? AND active = 1");
            current.setString(1, bundle);
            Optional<BundleVersionRecord> was = all(current).stream().findFirst();
            if (was.isPresent() && was.get().hash().equals(hash)) {
                return was.get();
            }
            PreparedStatement max = s.prepare("SELECT COALESCE(MAX(version), 0) FROM bundle_versions WHERE bundle = ?");
            max.setString(1, bundle);
            int version;
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                version = rs.getInt(1) + 1;
            }
            PreparedStatement clear = s.prepare("UPDATE bundle_versions SET active = 0 WHERE bundle = ? AND active = 1");
            clear.setString(1, bundle);
            clear.executeUpdate();
            PreparedStatement ins = s.prepare("INSERT INTO bundle_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 1)");
            ins.setString(1, bundle);
            ins.setInt(2, version);
            ins.setString(3, hash);
            ins.setLong(4, micros(at));
            ins.setString(5, by);
            ins.setString(6, json);
            ins.executeUpdate();
            BundleVersionRecord now = new BundleVersionRecord(bundle, version, hash, at, by, dagIds, true);
            SqliteAuditStore.insert(s, audit.map(a -> BundleStore.entry(a, was, Optional.of(now))));
            return now;
        });
    }

    @Override
    public Optional<BundleVersionRecord> undeploy(String bundle, Optional<AuditEntry> audit) {
        return db.write(() -> "undeploy bundle '" + bundle + "'", s -> {
            PreparedStatement current = s.prepare("SELECT " + COLUMNS + " FROM bundle_versions WHERE bundle = ? AND active = 1");
            current.setString(1, bundle);
            Optional<BundleVersionRecord> was = all(current).stream().findFirst();
            PreparedStatement clear = s.prepare("UPDATE bundle_versions SET active = 0 WHERE bundle = ? AND active = 1");
            clear.setString(1, bundle);
            clear.executeUpdate();
            if (was.isPresent()) {
                SqliteAuditStore.insert(s, audit.map(a -> BundleStore.entry(a, was, Optional.empty())));
            }
            return was;
        });
    }

    @Override
    public List<BundleRunCount> runCounts() {
        return db.read(() -> "count runs by bundle version", s -> {
            PreparedStatement ps = s.prepare("SELECT bundle_hash, COUNT(*) AS total, SUM(CASE WHEN status IN ('SUCCESS', "
                    + "'FAILED') THEN 0 ELSE 1 END) AS unfinished FROM dag_runs WHERE bundle_hash IS NOT NULL "
                    + "GROUP BY bundle_hash ORDER BY bundle_hash");
            List<BundleRunCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BundleRunCount(rs.getString("bundle_hash"), rs.getLong("unfinished"), rs.getLong("total")));
                }
            }
            return out;
        });
    }

    private static List<BundleVersionRecord> all(PreparedStatement ps) throws SQLException {
        List<BundleVersionRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new BundleVersionRecord(rs.getString("bundle"), rs.getInt("version"), rs.getString("hash"),
                        instant(rs.getLong("deployed_at")), rs.getString("deployed_by"),
                        BundleVersionRecord.dagIdsFromJson(rs.getString("dag_ids")), rs.getInt("active") == 1));
            }
        }
        return out;
    }
}
