package ppacer.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The HikariCP pool behind Helidon DB Client (Helidon's own Hikari module is not published for 4.x).
 * Hikari validates connections on checkout, so a restarted database is reconnected transparently.
 */
final class HikariPool implements CloseableJdbcConnectionPool {
    private final HikariDataSource ds;
    private final Failures failures;
    private final String dbType;

    HikariPool(ConnectionSettings s, Failures failures) {
        this.failures = failures;
        this.dbType = s.dialect().providerName();
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("ppacer-" + dbType);
        cfg.setJdbcUrl(s.dialect().driverUrl(s.url()));
        s.user().ifPresent(cfg::setUsername);
        s.password().ifPresent(cfg::setPassword);
        s.initSql().ifPresent(cfg::setConnectionInitSql);
        Properties props = new Properties();
        s.dialect().timeouts(props, s.connectTimeout(), s.timeout());
        cfg.setDataSourceProperties(props);
        cfg.setMaximumPoolSize(s.poolSize());
        cfg.setMinimumIdle(Math.min(2, s.poolSize()));
        long timeoutMs = Math.max(250, s.timeout().toMillis());
        cfg.setConnectionTimeout(timeoutMs);
        cfg.setValidationTimeout(Math.max(250, Math.min(timeoutMs / 2, 5_000)));
        cfg.setInitializationFailTimeout(Math.max(1, s.connectTimeout().toMillis()));
        cfg.setAutoCommit(true);
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw failures.wrap("Opening the connection pool", e);
        }
    }

    @Override
    public Connection connection() {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw new DbClientException(failures.sanitize("Cannot get a connection from " + failures.store()
                    + ": " + e.getMessage()), e);
        }
    }

    /**
     * A connection for plain JDBC work (group commit, migrations).
     *
     * @return a pooled connection; close it to return it
     * @throws SQLException when none is available within the timeout
     */
    Connection rawConnection() throws SQLException {
        return ds.getConnection();
    }

    @Override
    public String dbType() {
        return dbType;
    }

    @Override
    public void close() {
        ds.close();
    }
}
