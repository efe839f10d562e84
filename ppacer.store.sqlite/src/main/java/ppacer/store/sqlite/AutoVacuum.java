package ppacer.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite's {@code auto_vacuum=INCREMENTAL}, so that the space retention frees goes back to the file
 * system ({@link SqliteStore#reclaimSpace}). A new file gets it before its first table; a file
 * created by an older ppacer keeps {@code NONE} (SQLite switches only with a full {@code VACUUM}, which
 * rewrites the file: see the README, "Retention") and its freed pages are reused, not returned.
 */
final class AutoVacuum {
    private static final System.Logger LOG = System.getLogger(AutoVacuum.class.getName());
    /** {@code PRAGMA auto_vacuum} of INCREMENTAL. */
    static final int INCREMENTAL = 2;

    private AutoVacuum() {
    }

    /**
     * On a file without tables, switches to incremental auto-vacuum; on an older file without it,
     * says how to switch. Runs on an auto-commit connection, before the migrations.
     *
     * @param s the write session (auto-commit)
     * @param name the file name, for the log
     * @throws SQLException when SQLite refuses
     */
    static void enable(Session s, String name) throws SQLException {
        try (Statement st = s.connection().createStatement()) {
            if (mode(st) == INCREMENTAL) {
                return;
            }
            boolean empty;
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
                empty = rs.next() && rs.getLong(1) == 0;
            }
            if (empty) {
                st.execute("PRAGMA auto_vacuum = INCREMENTAL");
                st.execute("VACUUM");
            } else {
                LOG.log(System.Logger.Level.INFO, "SQLite file ''{0}'' was created without auto_vacuum: space freed by "
                        + "retention is reused but not returned to the file system; to switch, stop ppacer and run "
                        + "once: sqlite3 {0} ''PRAGMA auto_vacuum = INCREMENTAL; VACUUM;''", name);
            }
        }
    }

    /**
     * @param st a statement of the connection
     * @return the file's {@code PRAGMA auto_vacuum}: 0 NONE, 1 FULL, 2 INCREMENTAL
     * @throws SQLException when SQLite refuses
     */
    static int mode(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
