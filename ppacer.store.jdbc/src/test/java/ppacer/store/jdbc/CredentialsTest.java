package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.Stores;

/** A password given in the URL or options appears in no message, cause, toString or log line. */
class CredentialsTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void the_password_never_shows(Dialect dialect) {
        TestDatabase db = TestDatabase.create(dialect);
        String user = "ppacer_pw_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Pw-" + UUID.randomUUID().toString().replace("-", "");
        try (LogCapture logs = new LogCapture()) {
            if (dialect == Dialect.POSTGRESQL) {
                db.exec("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'",
                        "GRANT ALL ON SCHEMA " + db.name + " TO " + user);
            } else {
                db.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                        "GRANT ALL ON " + db.name + ".* TO '" + user + "'@'%'");
            }
            String url = db.url.replaceFirst("user=[^&]*", "user=" + user + "&password=" + password);
            StringBuilder seen = new StringBuilder();
            try (Store store = Stores.open(StoreConfig.of(url))) {
                seen.append(store).append(store.describe());
                store.dagRuns().find(1);
            }
            // wrong database name
            String wrongDb = dialect == Dialect.POSTGRESQL ? url.replace("/test?", "/no_such_db_x?")
                    : url.replace("/" + db.name + "?", "/no_such_db_x?");
            seen.append(LogCapture.everything(assertThrows(StoreException.class,
                    () -> Stores.open(StoreConfig.of(wrongDb).with("timeout", "PT3S")))));
            // unreachable port, password as an option this time
            String noPort = db.url.replaceFirst(":\\d+/", ":1/").replaceFirst("user=[^&]*", "user=" + user);
            StoreException down = assertThrows(StoreException.class,
                    () -> Stores.open(StoreConfig.of(noPort).with("password", password).with("timeout", "PT2S")));
            assertTrue(down.getMessage().contains(StoreConfig.redact(noPort)), down.getMessage());
            seen.append(LogCapture.everything(down));
            if (dialect == Dialect.MYSQL) { // MariaDB checks passwords; pg_hba here may trust 127.0.0.1
                String wrongPw = url.replace(password, password + "x");
                seen.append(LogCapture.everything(assertThrows(StoreException.class,
                        () -> Stores.open(StoreConfig.of(wrongPw).with("timeout", "PT3S")))));
            }
            seen.append(StoreConfig.of(url).with("password", password)).append(logs.text());
            assertTrue(seen.toString().contains("***"), "redaction marker expected");
            assertFalse(seen.toString().contains(password), seen.toString());
        } finally {
            db.exec(dialect == Dialect.POSTGRESQL ? "DROP OWNED BY " + user : "SELECT 1",
                    dialect == Dialect.POSTGRESQL ? "DROP ROLE " + user : "DROP USER '" + user + "'@'%'");
            db.drop();
        }
    }
}
