package ppacer.store.tck;

import java.time.Instant;
import ppacer.api.spi.Store;

/**
 * Access to the store under test, shared by the contract interfaces. {@link StoreContractTest}
 * implements it.
 */
public interface StoreUnderTest {
    /** @return the fresh store of the current test */
    Store store();

    /**
     * Inserts a run of one of {@link Fixtures#standardDags()}, syncing them first when the store has none.
     *
     * @param dagId {@link Fixtures#ETL}, {@link Fixtures#REPORT} or {@link Fixtures#VOLUME}
     * @param logicalTime the logical time
     * @return the run id
     */
    default long newRun(String dagId, Instant logicalTime) {
        ensureStandardDags();
        return store().dagRuns().insert(Fixtures.run(dagId, logicalTime));
    }

    /** Syncs {@link Fixtures#standardDags()} unless already there. */
    default void ensureStandardDags() {
        if (store().dags().find(Fixtures.ETL).isEmpty()) {
            store().dags().sync(Fixtures.standardDags(), Fixtures.T0);
        }
    }
}
