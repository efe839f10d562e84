/**
 * The SQLite store, ppacer's embedded default ({@code jdbc:sqlite:...}). Exports nothing: it is
 * reached only through {@link ppacer.api.spi.StoreProvider}.
 */
module ppacer.store.sqlite {
    requires ppacer.api;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    provides ppacer.api.spi.StoreProvider with ppacer.store.sqlite.SqliteStoreProvider;
}
