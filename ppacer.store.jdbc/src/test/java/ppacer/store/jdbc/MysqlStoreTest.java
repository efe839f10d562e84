package ppacer.store.jdbc;

/** {@link JdbcStoreTestBase} on MySQL/MariaDB ({@code PPACER_MYSQL_URL}). */
class MysqlStoreTest extends JdbcStoreTestBase {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }

    @Override
    String kathmanduSessionSql() {
        return "SET time_zone = '+05:45'";
    }

    @Override
    String showTimeZone() {
        return "SELECT @@session.time_zone";
    }
}
