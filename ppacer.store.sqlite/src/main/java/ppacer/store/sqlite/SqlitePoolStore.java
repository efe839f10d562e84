package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.PoolStore;

/** The {@code pools} table. */
final class SqlitePoolStore implements PoolStore {
    private static final String COLUMNS = "name, slots, updated_at, updated_by";

    private final SqliteGateway db;

    SqlitePoolStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public List<PoolRecord> list() {
        return db.read(() -> "list pools", s -> {
            List<PoolRecord> out = new ArrayList<>();
            try (ResultSet rs = s.prepare("SELECT " + COLUMNS + " FROM pools ORDER BY name").executeQuery()) {
                while (rs.next()) {
                    out.add(pool(rs));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<PoolRecord> find(String name) {
        return db.read(() -> "read pool '" + name + "'", s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM pools WHERE name = ?");
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(pool(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public void put(PoolRecord pool, Optional<AuditEntry> audit) {
        db.write(() -> "set pool '" + pool.name() + "' to " + pool.slots() + " slots", s -> {
            PreparedStatement ps = s.prepare("INSERT INTO pools (" + COLUMNS + ") VALUES (?, ?, ?, ?) ON CONFLICT (name) "
                    + "DO UPDATE SET slots = excluded.slots, updated_at = excluded.updated_at, updated_by = excluded.updated_by");
            ps.setString(1, pool.name());
            ps.setInt(2, pool.slots());
            ps.setLong(3, micros(pool.updatedAt()));
            ps.setString(4, pool.updatedBy());
            ps.executeUpdate();
            SqliteAuditStore.insert(s, audit);
            return null;
        });
    }

    @Override
    public boolean delete(String name, Optional<AuditEntry> audit) {
        return db.write(() -> "delete pool '" + name + "'", s -> {
            PreparedStatement ps = s.prepare("DELETE FROM pools WHERE name = ?");
            ps.setString(1, name);
            if (ps.executeUpdate() != 1) {
                return false;
            }
            SqliteAuditStore.insert(s, audit);
            return true;
        });
    }

    private static PoolRecord pool(ResultSet rs) throws SQLException {
        return new PoolRecord(rs.getString("name"), rs.getInt("slots"), instant(rs.getLong("updated_at")),
                rs.getString("updated_by"));
    }
}
