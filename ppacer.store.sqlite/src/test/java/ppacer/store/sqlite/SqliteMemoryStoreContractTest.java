package ppacer.store.sqlite;

import java.util.Map;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.store.tck.QueryPlan;
import ppacer.store.tck.StoreContractTest;

/** The store contract on an in-memory SQLite database. */
class SqliteMemoryStoreContractTest extends StoreContractTest {
    @Override
    protected Store openStore() {
        return new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite::memory:"));
    }

    @Override
    public Map<String, QueryPlan> hotQueryPlans(long runId, AttemptKey key, String dagId) {
        return SqlitePlans.hotQueryPlans(store(), runId, key, dagId);
    }
}
