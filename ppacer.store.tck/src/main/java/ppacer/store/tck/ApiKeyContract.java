package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static ppacer.store.tck.Fixtures.t;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.ApiKeyRecord;
import ppacer.api.spi.ApiKeyStore;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.Store;

/**
 * Contract of {@link ApiKeyStore}: a key is stored and read back exactly (scopes, times to the
 * microsecond), names are unique among valid keys, a revocation is a compare-and-set that frees the
 * name, a use is recorded only forward in time, and key writes are not fenced by the leader lease.
 */
public interface ApiKeyContract extends StoreUnderTest {
    private ApiKeyStore keys() {
        return store().apiKeys();
    }

    private static ApiKeyRecord key(String id, String name, String role, List<String> dags, Instant at) {
        return new ApiKeyRecord(id, name, role, dags, "00ff" + id, "ab".repeat(32), at, "admin", Optional.empty(),
                Optional.empty());
    }

    /** Created and read back exactly; listed by name; {@code any} turns true with the first key. */
    @Test
    default void a_key_is_stored_and_read_back_exactly() {
        assertFalse(keys().any());
        assertEquals(List.of(), keys().list());
        assertEquals(Optional.empty(), keys().find("k1"));
        Instant micros = t(1).plusNanos(123_456_000);
        ApiKeyRecord etl = key("k1", "etl", "operator", List.of("etl_*", "load?"), micros);
        keys().create(etl);
        keys().create(key("k2", "Board", "viewer", List.of(), t(2)));
        assertTrue(keys().any());
        assertEquals(Optional.of(etl), keys().find("k1"));
        assertEquals(List.of("Board", "etl"), keys().list().stream().map(ApiKeyRecord::name).toList(), "byte order");
        assertEquals(List.of(), keys().find("k2").orElseThrow().dags(), "no scope: every DAG");
    }

    /** A second valid key of a name is refused; after a revocation the name is free again. */
    @Test
    default void names_are_unique_among_valid_keys_and_revocation_frees_them() {
        keys().create(key("k1", "ci", "executor", List.of(), t(1)));
        assertThrows(DuplicateKeyException.class, () -> keys().create(key("k2", "ci", "admin", List.of(), t(2))));
        assertThrows(DuplicateKeyException.class, () -> keys().create(key("k1", "other", "admin", List.of(), t(2))));
        ApiKeyRecord revoked = keys().revoke("ci", t(3)).orElseThrow();
        assertEquals("k1", revoked.id());
        assertEquals(Optional.of(t(3)), revoked.revokedAt());
        assertFalse(revoked.active());
        assertEquals(Optional.empty(), keys().revoke("ci", t(4)), "a revoked key is not revoked twice");
        assertEquals(Optional.of(t(3)), keys().find("k1").orElseThrow().revokedAt(), "the first revocation stands");
        assertEquals(Optional.empty(), keys().revoke("never", t(4)));
        keys().create(key("k3", "ci", "executor", List.of(), t(5)));
        assertEquals(List.of("k1", "k3"), keys().list().stream().map(ApiKeyRecord::id).toList(), "revoked keys are listed");
        assertTrue(keys().find("k3").orElseThrow().active());
    }

    /** A use is recorded; an older one does not move it back. */
    @Test
    default void a_use_is_recorded_forward_only() {
        keys().create(key("k1", "ci", "executor", List.of(), t(1)));
        keys().touch("k1", t(5));
        keys().touch("k1", t(3));
        assertEquals(Optional.of(t(5)), keys().find("k1").orElseThrow().lastUsedAt());
        keys().touch("unknown", t(6));
        assertEquals(1, keys().list().size(), "touching an unknown id adds nothing");
    }

    /** Keys are managed through any scheduler: a view fenced with a stale epoch still writes them. */
    @Test
    default void key_writes_are_not_fenced() {
        assumeTrue(store().leadership().shared(), "a store serving one scheduler process has no fencing to escape");
        LeaderLeaseState a = store().leadership().tryAcquire("node-a", "", Duration.ofHours(1)).orElseThrow();
        Store old = store().fenced(a.epoch());
        store().leadership().release("node-a", a.epoch());
        store().leadership().tryAcquire("node-b", "", Duration.ofHours(1)).orElseThrow();
        old.apiKeys().create(key("k1", "ci", "executor", List.of(), t(1)));
        assertTrue(old.apiKeys().revoke("ci", t(2)).isPresent());
        assertFalse(store().apiKeys().find("k1").orElseThrow().active());
    }
}
