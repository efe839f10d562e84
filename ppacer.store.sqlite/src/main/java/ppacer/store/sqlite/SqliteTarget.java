package ppacer.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;

/**
 * Where a SQLite store lives and how its connections are opened: WAL and the chosen
 * {@code synchronous} level for files, a busy timeout, foreign keys on.
 *
 * @param url the JDBC URL
 * @param name the file name or memory name, for messages
 * @param memory true for an in-memory database (reads then go through the writer connection)
 * @param synchronous {@code NORMAL} (default) or {@code FULL}
 * @param busyTimeout how long a connection waits for a lock held by another process
 */
record SqliteTarget(String url, String name, boolean memory, SQLiteConfig.SynchronousMode synchronous,
                    Duration busyTimeout) {
    static final String PREFIX = "jdbc:sqlite:";

    /**
     * @param config the store config (options {@code synchronous}, {@code timeout})
     * @return the target
     * @throws StoreException naming the option when an option is invalid
     */
    static SqliteTarget of(StoreConfig config) {
        String url = config.url();
        if (!url.startsWith(PREFIX)) {
            throw new StoreException("Not a SQLite URL: '" + config.redactedUrl() + "'; expected " + PREFIX + "<file>");
        }
        String rest = url.substring(PREFIX.length());
        String name = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        int query = name.indexOf('?');
        boolean memory = rest.isEmpty() || name.equals(":memory:")
                || (query >= 0 && name.substring(query).contains("mode=memory"));
        name = query >= 0 ? name.substring(0, query) : name;
        String sync = config.option("synchronous").orElse("NORMAL").trim().toUpperCase(Locale.ROOT);
        if (!sync.equals("NORMAL") && !sync.equals("FULL")) {
            throw new StoreException("Store option 'synchronous' must be NORMAL or FULL, was '"
                    + config.option("synchronous").orElse("") + "'");
        }
        Duration timeout = config.durationOption("timeout", Duration.ofSeconds(5));
        return new SqliteTarget(url, name, memory, SQLiteConfig.SynchronousMode.valueOf(sync), timeout);
    }

    /**
     * Opens a connection with the pragmas applied.
     *
     * @param autoCommit auto-commit mode (false for the writer)
     * @return the connection
     * @throws SQLException when SQLite refuses, e.g. the file is not a database
     */
    Connection open(boolean autoCommit) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        if (!memory) {
            c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        c.setSynchronous(synchronous);
        c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        c.enforceForeignKeys(true);
        Connection conn = c.createConnection(url);
        try {
            conn.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        return conn;
    }
}
