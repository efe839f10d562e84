/**
 * The PostgreSQL and MySQL/MariaDB store ({@code jdbc:postgresql:...}, {@code jdbc:mysql:...}) on
 * Helidon DB Client. Exports nothing: it is reached only through
 * {@link ppacer.api.spi.StoreProvider}. JDBC drivers are bound through {@code java.sql}.
 */
module ppacer.store.jdbc {
    requires ppacer.api;
}
