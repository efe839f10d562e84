package ppacer.store.tck;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import ppacer.api.spi.Store;

/**
 * The store contract. A store module's test extends this class and says how to open a fresh,
 * empty store; every test of the implemented contract interfaces must pass.
 *
 * <p>Contract decisions the tests pin down (beyond the SPI javadoc):
 * <ul>
 *   <li>instants are stored truncated to microseconds ({@code Instant.truncatedTo(MICROS)});</li>
 *   <li>{@code DagRunStore.restart} clears {@code finishedAt}; {@code startedAt} keeps the first start;</li>
 *   <li>{@code transitionAll} applies its transitions in list order, so a later one sees an earlier one;</li>
 *   <li>an attempt inserted in a finished status (UPSTREAM_FAILED, SKIPPED) has {@code finishedAt} = its insert
 *       time; a branch that chose no child reads back as a present, empty list;</li>
 *   <li>a failed write (e.g. a duplicate key) leaves the store usable;</li>
 *   <li>{@code writeHealth()} is Failing after a write failed for the store's reason and accepting again once a
 *       write (or its own probe) succeeds; a subclass supplies a {@link WriteFault} to test the failing half;</li>
 *   <li>{@code close()} may be called twice.</li>
 * </ul>
 */
public abstract class StoreContractTest implements StoreUnderTest, DagStoreContract, DagRunStoreContract,
        AttemptStoreContract, BranchAndReasonContract, OutputContract, ExpansionContract, AttemptConcurrencyContract,
        ScheduleEventContract, LogStoreContract, PurgeContract, InstantContract, VolumeContract, LeaseContract,
        WriteHealthContract, BackfillContract, DeadlineContract, PoolContract, ApiKeyContract, AuditContract,
        BundleContract, RetentionContract, DeferralContract, AssetContract, BatchInsertContract {
    private Store store;

    /** For subclasses. */
    protected StoreContractTest() {
    }

    /**
     * Opens a fresh, empty store. Called once per test; the suite closes it.
     *
     * @return the store
     */
    protected abstract Store openStore();

    /** Opens the store of the test. */
    @BeforeEach
    final void openFreshStore() {
        store = openStore();
    }

    /** Closes the store of the test. */
    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
            store.close();
        }
    }

    @Override
    public final Store store() {
        return store;
    }
}
