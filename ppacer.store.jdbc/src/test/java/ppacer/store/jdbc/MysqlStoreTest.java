package ppacer.store.jdbc;

/** {@link JdbcStoreTestBase} on MySQL/MariaDB ({@code PPACER_MYSQL_URL}). */
class MysqlStoreTest extends JdbcStoreTestBase {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
