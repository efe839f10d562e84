package ppacer.store.jdbc;

import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreProvider;

/**
 * The {@code mysql} store (MySQL 8, MariaDB 10.6+ through MySQL Connector/J), for {@code jdbc:mysql:} URLs
 * and, read as {@code jdbc:mysql:} with the same properties, MariaDB Connector/J's {@code jdbc:mariadb:}.
 */
public final class MysqlStoreProvider implements StoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public MysqlStoreProvider() {
    }

    @Override
    public String name() {
        return Dialect.MYSQL.providerName();
    }

    @Override
    public boolean supports(String url) {
        return Dialect.MYSQL.supports(url);
    }

    @Override
    public Store open(StoreConfig config) {
        return JdbcStore.open(Dialect.MYSQL, config);
    }
}
