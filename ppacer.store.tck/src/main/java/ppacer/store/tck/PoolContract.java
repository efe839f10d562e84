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
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.PoolStore;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.Store;

/**
 * Contract of {@link PoolStore}: a put inserts or replaces a pool (size, time to the microsecond,
 * author), the list is ordered by name (byte order), a delete removes one pool and says whether it
 * existed, and under a stale lease epoch a put or delete is refused and changes nothing.
 */
public interface PoolContract extends StoreUnderTest {
    private PoolStore pools() {
        return store().pools();
    }

    /** Inserted, replaced and read back exactly; listed by name. */
    @Test
    default void a_put_inserts_or_replaces_and_the_list_is_ordered_by_name() {
        assertEquals(List.of(), pools().list());
        assertEquals(Optional.empty(), pools().find("warehouse"));
        Instant micros = t(1).plusNanos(123_456_000);
        pools().put(new PoolRecord("warehouse", 8, micros, PoolRecord.CONFIG));
        pools().put(new PoolRecord("api_calls", 0, t(2), "api"));
        pools().put(new PoolRecord("Zeta", 1, t(3), "api"));
        assertEquals(Optional.of(new PoolRecord("warehouse", 8, micros, PoolRecord.CONFIG)), pools().find("warehouse"));
        assertEquals(List.of("Zeta", "api_calls", "warehouse"), pools().list().stream().map(PoolRecord::name).toList(),
                "byte order: upper case first");
        pools().put(new PoolRecord("warehouse", 3, t(4), "api"));
        assertEquals(Optional.of(new PoolRecord("warehouse", 3, t(4), "api")), pools().find("warehouse"));
        assertEquals(3, pools().list().size(), "a replacement adds no row");
    }

    /** A delete removes only its pool; a second delete finds nothing. */
    @Test
    default void a_delete_removes_one_pool_and_says_whether_it_existed() {
        pools().put(new PoolRecord("a", 1, t(1), "api"));
        pools().put(new PoolRecord("b", 2, t(1), "api"));
        assertTrue(pools().delete("a"));
        assertFalse(pools().delete("a"));
        assertFalse(pools().delete("never"));
        assertEquals(List.of(new PoolRecord("b", 2, t(1), "api")), pools().list());
        pools().put(new PoolRecord("a", 5, t(2), "api"));
        assertEquals(5, pools().find("a").orElseThrow().slots(), "a deleted pool can be defined again");
    }

    /** After a takeover, a pool write under the old epoch is refused and changes nothing. */
    @Test
    default void pool_writes_under_a_stale_epoch_are_refused() {
        assumeTrue(store().leadership().shared(), "a store serving one scheduler process needs no fencing");
        LeaderLeaseState a = store().leadership().tryAcquire("node-a", "", Duration.ofHours(1)).orElseThrow();
        Store old = store().fenced(a.epoch());
        old.pools().put(new PoolRecord("warehouse", 8, t(1), "api"));
        store().leadership().release("node-a", a.epoch());
        LeaderLeaseState b = store().leadership().tryAcquire("node-b", "", Duration.ofHours(1)).orElseThrow();
        assertThrows(StaleEpochException.class, () -> old.pools().put(new PoolRecord("warehouse", 1, t(2), "api")));
        assertThrows(StaleEpochException.class, () -> old.pools().delete("warehouse"));
        assertEquals(8, store().pools().find("warehouse").orElseThrow().slots());
        store().fenced(b.epoch()).pools().put(new PoolRecord("warehouse", 2, t(3), "api"));
        assertEquals(2, store().pools().find("warehouse").orElseThrow().slots(), "the new leader's writes apply");
    }
}
