package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the {@code api_keys} table: a named API key with its role. The secret itself is never
 * stored: only a random salt and the SHA-256 of salt and secret, both hex.
 *
 * @param id the key id, the public part of the key that the lookup is by
 * @param name the key's name, unique among keys not revoked
 * @param role {@code viewer}, {@code operator}, {@code admin} or {@code executor}
 * @param dags DAG id glob patterns the key may act on; empty for every DAG
 * @param salt the per-key salt, hex
 * @param hash SHA-256 of salt and secret, hex
 * @param createdAt when it was created
 * @param createdBy who created it (a principal's name)
 * @param revokedAt when it was revoked, empty while it is valid
 * @param lastUsedAt when it was last accepted (written at most once a minute), empty when never
 */
public record ApiKeyRecord(String id, String name, String role, List<String> dags, String salt, String hash,
                           Instant createdAt, String createdBy, Optional<Instant> revokedAt,
                           Optional<Instant> lastUsedAt) {
    /** Validates. */
    public ApiKeyRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        dags = List.copyOf(dags);
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        for (String d : dags) {
            if (d.isEmpty() || d.indexOf(',') >= 0) {
                throw new IllegalArgumentException("A DAG pattern must be non-empty and without commas, was '" + d + "'");
            }
        }
    }

    /** @return true while the key is not revoked */
    public boolean active() {
        return revokedAt.isEmpty();
    }

    @Override
    public String toString() {
        return "ApiKeyRecord[id=" + id + ", name=" + name + ", role=" + role + ", dags=" + dags + ", createdAt=" + createdAt
                + ", createdBy=" + createdBy + ", revokedAt=" + revokedAt + ", lastUsedAt=" + lastUsedAt + "]";
    }
}
