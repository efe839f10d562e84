package ppacer.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import ppacer.api.spi.Store;
import ppacer.store.tck.StoreContractTest;
import ppacer.store.tck.WriteFault;

/** The store contract on PostgreSQL ({@code PPACER_PG_URL}), a fresh schema per test, dropped after the class. */
class PostgresStoreContractTest extends StoreContractTest {
    private static final List<TestDatabase> CREATED = new ArrayList<>();

    @Override
    protected Store openStore() {
        TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL);
        CREATED.add(db);
        return db.open();
    }

    @Override
    public Optional<WriteFault> writeFault() {
        TestDatabase current = CREATED.getLast();
        return Optional.of(WriteFault.renamingTables(current::exec));
    }

    @AfterAll
    static void dropSchemas() {
        CREATED.forEach(TestDatabase::drop);
        CREATED.clear();
    }
}
