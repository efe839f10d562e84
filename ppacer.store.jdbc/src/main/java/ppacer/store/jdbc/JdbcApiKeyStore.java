package ppacer.store.jdbc;

import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.ApiKeyRecord;
import ppacer.api.spi.ApiKeyStore;
import ppacer.api.spi.AuditEntry;

/** The {@code api_keys} table; its writes are never fenced (see {@link ApiKeyStore}). */
final class JdbcApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, name, role, dags, salt, hash, created_at, created_by, revoked_at, last_used_at";

    private final JdbcGateway db;

    JdbcApiKeyStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public void create(ApiKeyRecord key, Optional<AuditEntry> audit) {
        db.tx("Creating API key '" + key.name() + "' (id " + key.id() + ")", tx -> {
            JdbcGateway.dml(tx, "INSERT INTO api_keys (" + COLUMNS + ", active_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
                    key.id(), key.name(), key.role(), String.join(",", key.dags()), key.salt(), key.hash(),
                    Micros.of(key.createdAt()), key.createdBy(), key.name());
            JdbcAuditStore.insert(tx, audit);
            return null;
        });
    }

    @Override
    public Optional<ApiKeyRecord> find(String id) {
        return db.first("Reading API key " + id, "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", JdbcApiKeyStore::key, id);
    }

    @Override
    public List<ApiKeyRecord> list() {
        return db.query("Listing API keys", "SELECT " + COLUMNS + " FROM api_keys ORDER BY name, created_at, id",
                JdbcApiKeyStore::key);
    }

    @Override
    public boolean any() {
        return db.first("Counting API keys", "SELECT id FROM api_keys ORDER BY id LIMIT 1", r -> Boolean.TRUE).isPresent();
    }

    @Override
    public Optional<ApiKeyRecord> revoke(String name, Instant at, Optional<AuditEntry> audit) {
        return db.tx("Revoking API key '" + name + "'", tx -> {
            List<String> ids = JdbcGateway.query(tx, "SELECT id FROM api_keys WHERE active_name = ?",
                    r -> JdbcGateway.str(r, "id"), name);
            if (ids.isEmpty()) {
                return Optional.<ApiKeyRecord>empty();
            }
            if (JdbcGateway.dml(tx, "UPDATE api_keys SET revoked_at = ?, active_name = NULL WHERE id = ? AND revoked_at IS NULL",
                    Micros.of(at), ids.getFirst()) != 1) {
                return Optional.<ApiKeyRecord>empty();
            }
            JdbcAuditStore.insert(tx, audit);
            return JdbcGateway.query(tx, "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", JdbcApiKeyStore::key,
                    ids.getFirst()).stream().findFirst();
        });
    }

    @Override
    public void touch(String id, Instant at) {
        long micros = Micros.of(at);
        db.dml("Recording the use of API key " + id, "UPDATE api_keys SET last_used_at = ? WHERE id = ? "
                + "AND (last_used_at IS NULL OR last_used_at < ?)", micros, id, micros);
    }

    private static ApiKeyRecord key(DbRow r) {
        String dags = JdbcGateway.str(r, "dags");
        return new ApiKeyRecord(JdbcGateway.str(r, "id"), JdbcGateway.str(r, "name"), JdbcGateway.str(r, "role"),
                dags.isEmpty() ? List.of() : Arrays.asList(dags.split(",", -1)), JdbcGateway.str(r, "salt"),
                JdbcGateway.str(r, "hash"), Micros.toInstant(JdbcGateway.raw(r, "created_at")), JdbcGateway.str(r, "created_by"),
                Micros.toOptional(JdbcGateway.raw(r, "revoked_at")), Micros.toOptional(JdbcGateway.raw(r, "last_used_at")));
    }
}
