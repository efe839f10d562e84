package ppacer.store.tck;

import ppacer.api.spi.Store;

/**
 * The store contract. Subclasses say how to open a fresh, empty store; every test here must pass.
 */
public abstract class StoreContractTest {
    /** For subclasses. */
    protected StoreContractTest() {
    }

    /**
     * Opens a fresh, empty store. Called once per test; the suite closes it.
     *
     * @return the store
     */
    protected abstract Store openStore();
}
