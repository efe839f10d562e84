package ppacer.store.sqlite;

import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.StoreProvider;

/** Provides the SQLite store for {@code jdbc:sqlite:} URLs. */
public final class SqliteStoreProvider implements StoreProvider {
    /** Creates the provider; cheap, opens nothing. */
    public SqliteStoreProvider() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean supports(String url) {
        return url.startsWith("jdbc:sqlite:");
    }

    @Override
    public Store open(StoreConfig config) {
        throw new StoreException("SQLite store is being implemented; cannot open " + config.redactedUrl());
    }
}
