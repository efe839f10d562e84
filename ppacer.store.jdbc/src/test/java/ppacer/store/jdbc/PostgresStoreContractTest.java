package ppacer.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.store.tck.QueryPlan;
import ppacer.store.tck.StoreContractTest;
import ppacer.store.tck.WriteFault;

/** The store contract on PostgreSQL ({@code PPACER_PG_URL}), a fresh schema per test, dropped after the class. */
class PostgresStoreContractTest extends StoreContractTest {
    private static final List<TestDatabase> CREATED = new ArrayList<>();
    private TestDatabase current;

    @Override
    protected Store openStore() {
        TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL);
        CREATED.add(db);
        current = db;
        return db.open();
    }

    @Override
    public Map<String, QueryPlan> hotQueryPlans(long runId, AttemptKey key, String dagId) {
        List<Long> page = store().dagRuns().recent(Optional.empty(), Optional.empty(), 20).stream()
                .map(s -> s.run().runId()).toList();
        return JdbcPlans.hotQueryPlans(current, runId, key, dagId, page);
    }

    @Override
    public Optional<WriteFault> writeFault() {
        return Optional.of(WriteFault.renamingTables(current::exec));
    }

    @AfterAll
    static void dropSchemas() {
        CREATED.forEach(TestDatabase::drop);
        CREATED.clear();
    }
}
