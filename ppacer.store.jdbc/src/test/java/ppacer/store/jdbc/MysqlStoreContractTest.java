package ppacer.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import ppacer.api.spi.Store;
import ppacer.store.tck.StoreContractTest;
import ppacer.store.tck.WriteFault;

/** The store contract on MySQL/MariaDB ({@code PPACER_MYSQL_URL}), a fresh database per test, dropped after the class. */
class MysqlStoreContractTest extends StoreContractTest {
    private static final List<TestDatabase> CREATED = new ArrayList<>();

    @Override
    protected Store openStore() {
        TestDatabase db = TestDatabase.create(Dialect.MYSQL);
        CREATED.add(db);
        return db.open();
    }

    @Override
    public Optional<WriteFault> writeFault() {
        TestDatabase current = CREATED.getLast();
        return Optional.of(WriteFault.renamingTables(current::exec));
    }

    @AfterAll
    static void dropDatabases() {
        CREATED.forEach(TestDatabase::drop);
        CREATED.clear();
    }
}
