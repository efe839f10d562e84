package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;
import static ppacer.store.sqlite.Sql.optionalInstant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.ApiKeyRecord;
import ppacer.api.spi.ApiKeyStore;
import ppacer.api.spi.AuditEntry;

/** The {@code api_keys} table. */
final class SqliteApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, name, role, dags, salt, hash, created_at, created_by, revoked_at, last_used_at";

    private final SqliteGateway db;

    SqliteApiKeyStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public void create(ApiKeyRecord key, Optional<AuditEntry> audit) {
        db.write(() -> "create API key '" + key.name() + "' (id " + key.id() + ")", s -> {
            PreparedStatement ps = s.prepare("INSERT INTO api_keys (" + COLUMNS + ", active_name) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)");
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, key.role());
            ps.setString(4, Sql.join(key.dags()));
            ps.setString(5, key.salt());
            ps.setString(6, key.hash());
            ps.setLong(7, micros(key.createdAt()));
            ps.setString(8, key.createdBy());
            ps.setString(9, key.name());
            ps.executeUpdate();
            SqliteAuditStore.insert(s, audit);
            return null;
        });
    }

    @Override
    public Optional<ApiKeyRecord> find(String id) {
        return db.read(() -> "read API key " + id, s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(key(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<ApiKeyRecord> list() {
        return db.read(() -> "list API keys", s -> {
            List<ApiKeyRecord> out = new ArrayList<>();
            try (ResultSet rs = s.prepare("SELECT " + COLUMNS + " FROM api_keys ORDER BY name, created_at, id").executeQuery()) {
                while (rs.next()) {
                    out.add(key(rs));
                }
            }
            return out;
        });
    }

    @Override
    public boolean any() {
        return db.read(() -> "count API keys", s -> {
            try (ResultSet rs = s.prepare("SELECT 1 FROM api_keys LIMIT 1").executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public Optional<ApiKeyRecord> revoke(String name, Instant at, Optional<AuditEntry> audit) {
        return db.write(() -> "revoke API key '" + name + "'", s -> {
            PreparedStatement find = s.prepare("SELECT id FROM api_keys WHERE active_name = ?");
            find.setString(1, name);
            String id;
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<ApiKeyRecord>empty();
                }
                id = rs.getString(1);
            }
            PreparedStatement up = s.prepare("UPDATE api_keys SET revoked_at = ?, active_name = NULL "
                    + "WHERE id = ? AND revoked_at IS NULL");
            up.setLong(1, micros(at));
            up.setString(2, id);
            if (up.executeUpdate() != 1) {
                return Optional.<ApiKeyRecord>empty();
            }
            SqliteAuditStore.insert(s, audit);
            PreparedStatement read = s.prepare("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?");
            read.setString(1, id);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return Optional.of(key(rs));
            }
        });
    }

    @Override
    public void touch(String id, Instant at) {
        db.write(() -> "record the use of API key " + id, s -> {
            PreparedStatement ps = s.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ? "
                    + "AND (last_used_at IS NULL OR last_used_at < ?)");
            ps.setLong(1, micros(at));
            ps.setString(2, id);
            ps.setLong(3, micros(at));
            ps.executeUpdate();
            return null;
        });
    }

    private static ApiKeyRecord key(ResultSet rs) throws SQLException {
        return new ApiKeyRecord(rs.getString("id"), rs.getString("name"), rs.getString("role"), Sql.split(rs.getString("dags")),
                rs.getString("salt"), rs.getString("hash"), instant(rs.getLong("created_at")), rs.getString("created_by"),
                optionalInstant(rs, "revoked_at"), optionalInstant(rs, "last_used_at"));
    }
}
