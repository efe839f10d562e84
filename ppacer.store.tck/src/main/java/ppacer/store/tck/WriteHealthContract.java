package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.t;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.WriteHealth;

/** Contract of {@link ppacer.api.spi.Store#writeHealth()}. */
public interface WriteHealthContract extends StoreUnderTest {
    /**
     * A fault that makes this store's writes fail, for the failing half of the contract.
     *
     * @return the fault, or empty when the store under test cannot be broken from outside (its
     *         failing-writes test is then skipped, saying so)
     */
    default Optional<WriteFault> writeFault() {
        return Optional.empty();
    }

    private static ScheduleEvent event(long offset) {
        return new ScheduleEvent(ETL, ScheduleEventType.MANUALLY_TRIGGERED, Optional.empty(), Optional.empty(), t(offset));
    }

    /** A fresh store accepts writes, and refusals that are the caller's (duplicate, lost compare-and-set) change nothing. */
    @Test
    default void a_store_accepts_writes_and_the_callers_refusals_do_not_change_that() {
        assertEquals(WriteHealth.ACCEPTING, store().writeHealth());
        long run = newRun(ETL, t(0));
        assertThrows(DuplicateKeyException.class, () -> newRun(ETL, t(0)));
        assertFalse(store().dagRuns().transition(run, DagRunStatus.SUCCESS, DagRunStatus.FAILED, t(1)), "lost CAS");
        assertEquals(WriteHealth.ACCEPTING, store().writeHealth());
        assertTrue(store().writeHealth().accepting());
    }

    /**
     * Writes failing for the store's reason make it Failing, counting; once the cause is gone the
     * store's own probe (made by {@code writeHealth()}) brings it back without any other write.
     */
    @Test
    default void a_store_failing_writes_reports_it_until_a_write_succeeds_again() {
        WriteFault fault = writeFault().orElse(null);
        Assumptions.assumeTrue(fault != null, "this store under test cannot be made to fail writes from outside");
        ensureStandardDags();
        fault.inject();
        try {
            assertThrows(StoreException.class, () -> store().scheduleEvents().insert(List.of(event(1))));
            WriteHealth.Failing first = assertInstanceOf(WriteHealth.Failing.class, store().writeHealth());
            assertFalse(first.error().isBlank());
            assertThrows(StoreException.class, () -> store().scheduleEvents().insert(List.of(event(2))));
            WriteHealth.Failing later = assertInstanceOf(WriteHealth.Failing.class, store().writeHealth());
            assertTrue(later.consecutiveFailures() > first.consecutiveFailures(), first + " then " + later);
        } finally {
            fault.clear();
        }
        assertEquals(WriteHealth.ACCEPTING, store().writeHealth(), "the probe write succeeds once the fault is gone");
        store().scheduleEvents().insert(List.of(event(3)));
        assertEquals(List.of(t(3)), store().scheduleEvents().recent(ETL, 10).stream().map(ScheduleEvent::createdAt).toList(),
                "only the write after the fault is stored");
        assertEquals(WriteHealth.ACCEPTING, store().writeHealth());
    }
}
