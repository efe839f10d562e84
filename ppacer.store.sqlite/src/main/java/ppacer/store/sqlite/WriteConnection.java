package ppacer.store.sqlite;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * How the writer gets a working transaction back after SQLite ended one by itself. After
 * {@code SQLITE_FULL}, {@code SQLITE_IOERR} and the like SQLite may roll the transaction back on its
 * own; the driver's {@code rollback()} then fails ("no transaction is active") and never issues its
 * next {@code BEGIN}, so the connection would run every later statement in auto-commit, committing
 * statement by statement writes that are then reported failed. The writer never runs work on such a
 * connection: it asks for a fresh one first.
 */
@FunctionalInterface
interface WriteConnection {
    /**
     * Replaces a connection whose transaction state is unknown.
     *
     * @param broken the connection the last rollback failed on (already closed when an earlier replacement
     *               closed it and then failed to open the new one)
     * @return a connection with auto-commit off and a transaction open
     * @throws SQLException when SQLite still refuses (e.g. the file system still errs); asked again next time
     */
    Session replace(Session broken) throws SQLException;

    /**
     * For a file: discards the broken connection and opens a new one.
     *
     * @param target where to connect
     * @return the replacement policy
     */
    static WriteConnection reopen(SqliteTarget target) {
        return broken -> {
            try {
                broken.close(); // closing a closed connection does nothing
            } catch (SQLException e) {
                System.getLogger(WriteConnection.class.getName()).log(System.Logger.Level.DEBUG,
                        "Closing a broken write connection of " + target.name() + " failed: " + e.getMessage());
            }
            return new Session(target.open(false, true));
        };
    }

    /**
     * For an in-memory database, which lives only as long as its one connection: begins a new
     * transaction on the same connection.
     *
     * @return the replacement policy
     */
    static WriteConnection restartTransaction() {
        return broken -> {
            try (Statement st = broken.connection().createStatement()) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException e) {
                    // expected: SQLite has already ended the transaction
                }
                st.execute("BEGIN");
            }
            return broken;
        };
    }
}
