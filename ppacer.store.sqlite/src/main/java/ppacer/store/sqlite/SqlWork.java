package ppacer.store.sqlite;

import java.sql.SQLException;

/**
 * A unit of database work run on one {@link Session}, inside the caller's transaction.
 *
 * @param <T> the result
 */
@FunctionalInterface
interface SqlWork<T> {
    /**
     * @param session the connection to use
     * @return the result
     * @throws SQLException when a statement fails
     */
    T run(Session session) throws SQLException;
}
