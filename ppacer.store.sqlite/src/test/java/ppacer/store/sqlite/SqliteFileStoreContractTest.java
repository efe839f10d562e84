package ppacer.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.store.tck.QueryPlan;
import ppacer.store.tck.StoreContractTest;
import ppacer.store.tck.WriteFault;

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

    @Override
    public Optional<WriteFault> writeFault() {
        return Optional.of(WriteFault.renamingTables(sql -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ppacer.db"));
                 Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 30000");
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }));
    }
}
