package ppacer.store.jdbc;

import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.BundleRunCount;
import ppacer.api.spi.BundleStore;
import ppacer.api.spi.BundleVersionRecord;

/** The {@code bundle_versions} table. */
final class JdbcBundleStore implements BundleStore {
    private static final String COLUMNS = "bundle, version, hash, deployed_at, deployed_by, dag_ids, active";
    private static final String ACTIVE_OF = "SELECT " + COLUMNS + " FROM bundle_versions WHERE bundle = ? AND active = ?";

    private final JdbcGateway db;

    JdbcBundleStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public List<BundleVersionRecord> list() {
        return db.query("Listing bundle versions", "SELECT " + COLUMNS + " FROM bundle_versions ORDER BY bundle, version",
                JdbcBundleStore::version);
    }

    @Override
    public List<BundleVersionRecord> active() {
        return db.query("Listing active bundle versions", "SELECT " + COLUMNS
                + " FROM bundle_versions WHERE active = ? ORDER BY bundle", JdbcBundleStore::version, true);
    }

    @Override
    public Optional<BundleVersionRecord> findByHash(String hash) {
        return db.first("Finding bundle version " + hash, "SELECT " + COLUMNS
                + " FROM bundle_versions WHERE hash = ? ORDER BY deployed_at DESC, version DESC", JdbcBundleStore::version, hash);
    }

    @Override
    public BundleVersionRecord deploy(String bundle, String hash, List<String> dagIds, Instant at, String by,
                                      Optional<AuditEntry> audit) {
        String json = BundleVersionRecord.dagIdsJson(dagIds);
        return db.tx("Deploying bundle '" + bundle + "' " + hash, tx -> {
            Optional<BundleVersionRecord> was = JdbcGateway.query(tx, ACTIVE_OF, JdbcBundleStore::version, bundle, true)
                    .stream().findFirst();
            if (was.isPresent() && was.get().hash().equals(hash)) {
                return was.get();
            }
            int version = JdbcGateway.query(tx, "SELECT COALESCE(MAX(version), 0) AS v FROM bundle_versions WHERE bundle = ?",
                    r -> JdbcGateway.integer(r, "v"), bundle).getFirst() + 1;
            JdbcGateway.dml(tx, "UPDATE bundle_versions SET active = ? WHERE bundle = ? AND active = ?", false, bundle, true);
            JdbcGateway.dml(tx, "INSERT INTO bundle_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", bundle, version,
                    hash, Micros.of(at), by, json, true);
            BundleVersionRecord now = new BundleVersionRecord(bundle, version, hash, at, by, dagIds, true);
            JdbcAuditStore.insert(tx, audit.map(a -> BundleStore.entry(a, was, Optional.of(now))));
            return now;
        });
    }

    @Override
    public Optional<BundleVersionRecord> undeploy(String bundle, Optional<AuditEntry> audit) {
        return db.tx("Undeploying bundle '" + bundle + "'", tx -> {
            Optional<BundleVersionRecord> was = JdbcGateway.query(tx, ACTIVE_OF, JdbcBundleStore::version, bundle, true)
                    .stream().findFirst();
            JdbcGateway.dml(tx, "UPDATE bundle_versions SET active = ? WHERE bundle = ? AND active = ?", false, bundle, true);
            if (was.isPresent()) {
                JdbcAuditStore.insert(tx, audit.map(a -> BundleStore.entry(a, was, Optional.empty())));
            }
            return was;
        });
    }

    @Override
    public List<BundleRunCount> runCounts() {
        return db.query("Counting runs by bundle version", "SELECT bundle_hash, COUNT(*) AS total, SUM(CASE WHEN status IN "
                + "('SUCCESS', 'FAILED') THEN 0 ELSE 1 END) AS unfinished FROM dag_runs WHERE bundle_hash IS NOT NULL "
                + "GROUP BY bundle_hash ORDER BY bundle_hash", r -> new BundleRunCount(JdbcGateway.str(r, "bundle_hash").strip(),
                ((Number) JdbcGateway.raw(r, "unfinished")).longValue(), ((Number) JdbcGateway.raw(r, "total")).longValue()));
    }

    private static BundleVersionRecord version(DbRow r) {
        return new BundleVersionRecord(JdbcGateway.str(r, "bundle"), JdbcGateway.integer(r, "version"),
                JdbcGateway.str(r, "hash").strip(), Micros.toInstant(JdbcGateway.raw(r, "deployed_at")),
                JdbcGateway.str(r, "deployed_by"), BundleVersionRecord.dagIdsFromJson(JdbcGateway.str(r, "dag_ids")),
                JdbcGateway.flag(r, "active"));
    }
}
