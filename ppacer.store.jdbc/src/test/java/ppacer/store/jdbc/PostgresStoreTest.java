package ppacer.store.jdbc;

/** {@link JdbcStoreTestBase} on PostgreSQL ({@code PPACER_PG_URL}). */
class PostgresStoreTest extends JdbcStoreTestBase {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    String kathmanduSessionSql() {
        return "SET TIME ZONE 'Asia/Kathmandu'";
    }

    @Override
    String showTimeZone() {
        return "SHOW TIME ZONE";
    }
}
