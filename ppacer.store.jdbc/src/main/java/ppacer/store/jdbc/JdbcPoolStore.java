package ppacer.store.jdbc;

import io.helidon.dbclient.DbRow;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.PoolStore;

/** The {@code pools} table. */
final class JdbcPoolStore implements PoolStore {
    private static final String COLUMNS = "name, slots, updated_at, updated_by";

    private final JdbcGateway db;

    JdbcPoolStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public List<PoolRecord> list() {
        return db.query("Listing pools", "SELECT " + COLUMNS + " FROM pools ORDER BY name", JdbcPoolStore::pool);
    }

    @Override
    public Optional<PoolRecord> find(String name) {
        return db.first("Reading pool '" + name + "'", "SELECT " + COLUMNS + " FROM pools WHERE name = ?",
                JdbcPoolStore::pool, name);
    }

    /** A delete and an insert in one transaction: the same statements on PostgreSQL and MySQL. */
    @Override
    public void put(PoolRecord pool, Optional<AuditEntry> audit) {
        db.tx("Setting pool '" + pool.name() + "' to " + pool.slots() + " slots", tx -> {
            JdbcGateway.dml(tx, "DELETE FROM pools WHERE name = ?", pool.name());
            JdbcGateway.dml(tx, "INSERT INTO pools (" + COLUMNS + ") VALUES (?, ?, ?, ?)", pool.name(),
                    pool.slots(), Micros.of(pool.updatedAt()), pool.updatedBy());
            JdbcAuditStore.insert(tx, audit);
            return null;
        });
    }

    @Override
    public boolean delete(String name, Optional<AuditEntry> audit) {
        return db.tx("Deleting pool '" + name + "'", tx -> {
            if (JdbcGateway.dml(tx, "DELETE FROM pools WHERE name = ?", name) == 0) {
                return false;
            }
            JdbcAuditStore.insert(tx, audit);
            return true;
        });
    }

    private static PoolRecord pool(DbRow r) {
        return new PoolRecord(JdbcGateway.str(r, "name"), JdbcGateway.integer(r, "slots"),
                Micros.toInstant(JdbcGateway.raw(r, "updated_at")), JdbcGateway.str(r, "updated_by"));
    }
}
