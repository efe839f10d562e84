package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.Stores;

/**
 * A store that cannot be reached fails at once with the reason named, against the real servers: a
 * refused port, an unknown host, an unknown database; a {@code jdbc:mariadb:} URL is read as
 * {@code jdbc:mysql:}; the user a connection is made as is logged, also when the driver chose it.
 */
class ConnectFailureTest {

    /** @return a port nothing listens on (it was free a moment ago, and nothing here takes ports) */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static StoreException openFails(String url) {
        return assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of(url)));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void a_refused_connection_is_named_with_the_host_and_port(Dialect dialect) throws IOException {
        TestDatabase db = TestDatabase.create(dialect);
        db.drop();
        int port = freePort();
        String url = db.url.replaceFirst("127\\.0\\.0\\.1:\\d+/", "127.0.0.1:" + port + "/");
        StoreException e = openFails(url);
        assertEquals("Cannot connect to " + dialect.providerName() + " store " + StoreConfig.redact(url)
                + ": connection refused by 127.0.0.1:" + port + ": nothing listens there (is the server running, "
                + "and are the host and port right?)", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void an_unknown_host_is_not_reported_as_a_refused_connection(Dialect dialect) {
        TestDatabase db = TestDatabase.create(dialect);
        db.drop();
        String url = db.url.replaceFirst("127\\.0\\.0\\.1:", "nosuchhost.invalid:");
        StoreException e = openFails(url);
        assertEquals("Cannot connect to " + dialect.providerName() + " store " + StoreConfig.redact(url)
                + ": unknown host 'nosuchhost.invalid': the name does not resolve (check the host in the URL)",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void an_unknown_database_is_named(Dialect dialect) {
        TestDatabase db = TestDatabase.create(dialect);
        db.drop();
        String url = dialect == Dialect.POSTGRESQL ? db.url.replace("/test?", "/no_such_db_x?")
                : db.url.replace("/" + db.name + "?", "/no_such_db_x?");
        StoreException e = openFails(url);
        String where = dialect == Dialect.POSTGRESQL ? "5432" : "3306";
        assertEquals("Cannot connect to " + dialect.providerName() + " store " + StoreConfig.redact(url)
                + ": database 'no_such_db_x' does not exist on 127.0.0.1:" + where
                + " (create it, or fix the name in the URL)", e.getMessage());
    }

    @Test
    void a_mariadb_url_opens_the_mysql_store() {
        TestDatabase db = TestDatabase.create(Dialect.MYSQL);
        String url = db.url.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
        try (Store store = Stores.open(StoreConfig.of(url))) {
            assertEquals("mysql " + StoreConfig.redact(url), store.describe());
            assertTrue(store.dagRuns().find(1).isEmpty());
        } finally {
            db.drop();
        }
    }

    @Test
    void the_user_is_logged_and_without_one_the_log_says_the_driver_chose_the_os_user() {
        TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL);
        try (LogCapture logs = new LogCapture()) {
            String named = db.url;
            ConnectionSettings withUser = ConnectionSettings.of(Dialect.POSTGRESQL, StoreConfig.of(named), Map.of());
            assertEquals("postgres", ConnectionProbe.check(withUser, new Failures(withUser)));
            assertTrue(logs.text().contains("postgresql store " + StoreConfig.redact(named) + ": connected as user 'postgres'"),
                    logs.text());
            assertFalse(logs.text().contains("the driver chose it"), "the URL named the user: " + logs.text());

            String anonymous = db.url.replaceFirst("user=[^&]*&?", "");
            ConnectionSettings noUser = ConnectionSettings.of(Dialect.POSTGRESQL, StoreConfig.of(anonymous), Map.of());
            String osUser = System.getProperty("user.name");
            assertEquals(osUser, ConnectionProbe.check(noUser, new Failures(noUser)));
            assertTrue(logs.text().contains("postgresql store " + StoreConfig.redact(anonymous) + ": connected as user '"
                    + osUser + "' (no user in the URL, the store option 'user' or PPACER_DB_USER: the driver chose it, "
                    + "the operating-system user)"), logs.text());
        } finally {
            db.drop();
        }
    }
}
