package ppacer.store.sqlite;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.store.tck.QueryPlan;
import ppacer.store.tck.StoreContractTest;

/** The store contract on a SQLite file (WAL, synchronous=NORMAL). */
class SqliteFileStoreContractTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("ppacer.db")));
    }

    @Override
    public Map<String, QueryPlan> hotQueryPlans(long runId, AttemptKey key, String dagId) {
        return SqlitePlans.hotQueryPlans(store(), runId, key, dagId);
    }
}
