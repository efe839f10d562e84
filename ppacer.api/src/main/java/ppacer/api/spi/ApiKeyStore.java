package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code api_keys} table: named API keys, their roles and DAG scopes, stored hashed. Key writes
 * are not fenced by the leader lease: an administrator may manage keys through any scheduler.
 */
public interface ApiKeyStore {
    /**
     * Inserts a new key.
     *
     * @param key the key, not revoked
     * @throws DuplicateKeyException when a key not revoked has its name, or the id exists
     */
    default void create(ApiKeyRecord key) {
        create(key, Optional.empty());
    }

    /**
     * As {@link #create(ApiKeyRecord)}, with the audit row of the action in the insert's transaction.
     *
     * @param key the key, not revoked
     * @param audit the operator action, if any (it must not name the secret)
     * @throws DuplicateKeyException when a key not revoked has its name, or the id exists (no row is written)
     */
    void create(ApiKeyRecord key, Optional<AuditEntry> audit);

    /**
     * @param id a key id
     * @return the key, revoked or not; empty when unknown
     */
    Optional<ApiKeyRecord> find(String id);

    /** @return every key, revoked ones included, by name then creation time */
    List<ApiKeyRecord> list();

    /** @return true when any key was ever created (revoked ones count) */
    boolean any();

    /**
     * Revokes the key of this name that is not revoked yet (compare-and-set: of two revocations, one
     * wins); its name is then free for a new key.
     *
     * @param name the key's name
     * @param at the revocation time
     * @return the revoked key, empty when no valid key has that name
     */
    default Optional<ApiKeyRecord> revoke(String name, Instant at) {
        return revoke(name, at, Optional.empty());
    }

    /**
     * As {@link #revoke(String, Instant)}, with the audit row of the action in the revocation's
     * transaction, written only when a key was revoked.
     *
     * @param name the key's name
     * @param at the revocation time
     * @param audit the operator action, if any
     * @return the revoked key, empty when no valid key has that name
     */
    Optional<ApiKeyRecord> revoke(String name, Instant at, Optional<AuditEntry> audit);

    /**
     * Records that a key was accepted at {@code at}, unless a later use is recorded already.
     *
     * @param id the key id
     * @param at when
     */
    void touch(String id, Instant at);
}
