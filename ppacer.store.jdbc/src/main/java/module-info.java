/**
 * The PostgreSQL and MySQL/MariaDB store ({@code jdbc:postgresql:...}, {@code jdbc:mysql:...}) on
 * Helidon DB Client with a HikariCP pool. Exports nothing: it is reached only through
 * {@link ppacer.api.spi.StoreProvider}. JDBC drivers are bound through {@code java.sql}'s service
 * loader, so they are runtime dependencies and never required here.
 */
module ppacer.store.jdbc {
    requires ppacer.api;
    requires java.sql;
    requires io.helidon.dbclient;
    requires io.helidon.dbclient.jdbc;
    requires com.zaxxer.hikari;

    provides ppacer.api.spi.StoreProvider with
            ppacer.store.jdbc.PostgresStoreProvider,
            ppacer.store.jdbc.MysqlStoreProvider;
}
