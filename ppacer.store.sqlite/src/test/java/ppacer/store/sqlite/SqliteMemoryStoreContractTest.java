package ppacer.store.sqlite;

import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.store.tck.StoreContractTest;

/** The store contract on an in-memory SQLite database. */
class SqliteMemoryStoreContractTest extends StoreContractTest {
    @Override
    protected Store openStore() {
        return new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite::memory:"));
    }
}
