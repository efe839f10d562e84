package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ppacer.api.spi.Store;
import ppacer.api.spi.Stores;

/**
 * The store's sessions carry server-side bounds that follow the {@code timeout} option: a lock wait
 * ends before the client's socket timeout, and (PostgreSQL) a session idle inside a transaction for a
 * whole round-trip bound is ended by the server, releasing its locks.
 */
class SessionBoundsTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void sessions_carry_the_lock_wait_and_idle_transaction_bounds(Dialect dialect) throws Exception {
        TestDatabase db = TestDatabase.create(dialect);
        try (Store store = Stores.open(db.config().with("timeout", "PT7S"));
             Connection c = ((JdbcStore) store).db().pool().rawConnection(); Statement st = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                assertEquals("6s", show(st, "SHOW lock_timeout"));
                assertEquals("7s", show(st, "SHOW idle_in_transaction_session_timeout"));
            } else {
                assertEquals("6", show(st, "SELECT @@SESSION.innodb_lock_wait_timeout"));
            }
        } finally {
            db.drop();
        }
    }

    @Test
    void the_lock_wait_bound_ends_before_the_round_trip_bound() {
        assertEquals(Duration.ofSeconds(9), Dialect.lockWait(Duration.ofSeconds(10)));
        assertEquals(Duration.ofMillis(750), Dialect.lockWait(Duration.ofMillis(1500)));
        assertEquals(Duration.ofMillis(1), Dialect.lockWait(Duration.ofNanos(1000)));
    }

    private static String show(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
