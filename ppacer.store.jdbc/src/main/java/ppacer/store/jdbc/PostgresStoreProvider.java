package ppacer.store.jdbc;

import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreProvider;

/** The {@code postgresql} store, for {@code jdbc:postgresql:} URLs. */
public final class PostgresStoreProvider implements StoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public PostgresStoreProvider() {
    }

    @Override
    public String name() {
        return Dialect.POSTGRESQL.providerName();
    }

    @Override
    public boolean supports(String url) {
        return Dialect.POSTGRESQL.supports(url);
    }

    @Override
    public Store open(StoreConfig config) {
        return JdbcStore.open(Dialect.POSTGRESQL, config);
    }
}
