package ppacer.store.sqlite;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.WriteHealth;
import ppacer.api.spi.WriteHealthMonitor;

/**
 * The JDBC boundary of the SQLite store: writes go to the group-commit writer, reads to the read
 * pool (or the writer for in-memory databases), and every {@link SQLException} is translated here,
 * once, into a {@link StoreException} or {@link DuplicateKeyException} naming the store and values.
 */
final class SqliteGateway implements AutoCloseable {
    /** The {@code schema_version} row a write probe inserts and deletes in one transaction; never a real version. */
    private static final int PROBE_VERSION = -1;

    private final String store;
    private final SqliteWriter writer;
    private final ReadPool readers;
    private final Checkpointer checkpointer;
    private final WriteHealthMonitor health = new WriteHealthMonitor();
    private volatile boolean closed;

    /**
     * @param store the store description (provider and URL without password)
     * @param writer the writer
     * @param readers the read pool, or null to read through the writer
     * @param checkpointer the WAL checkpointer, or null (in-memory)
     */
    SqliteGateway(String store, SqliteWriter writer, ReadPool readers, Checkpointer checkpointer) {
        this.store = store;
        this.writer = writer;
        this.readers = readers;
        this.checkpointer = checkpointer;
    }

    /**
     * Runs work in the writer's transaction and returns once it is committed.
     *
     * @param what what the work does, for messages (e.g. "insert the run of DAG 'a' at ...")
     * @param work the work
     * @param <T> its result
     * @return its result
     */
    <T> T write(Supplier<String> what, SqlWork<T> work) {
        checkOpen();
        T result;
        try {
            result = writer.submit(work);
        } catch (SQLException e) {
            StoreException failure = translate(e, what);
            if (!isConstraint(e)) {
                health.failed(failure.getMessage());
            }
            throw failure;
        }
        health.succeeded();
        return result;
    }

    /**
     * @return whether the store accepts writes; while the latest write failed, a probe write first:
     *         it inserts a {@code schema_version} row and deletes it in the same transaction, so pages
     *         are really written (SQLite skips rewriting unchanged rows) and no data changes
     */
    WriteHealth writeHealth() {
        if (closed) {
            return health.current();
        }
        return health.check(() -> write(() -> "probe that the store accepts writes", s -> {
            s.prepare("INSERT INTO schema_version (version, applied_at) VALUES (" + PROBE_VERSION + ", 0)").executeUpdate();
            return s.prepare("DELETE FROM schema_version WHERE version = " + PROBE_VERSION).executeUpdate();
        }));
    }

    /**
     * Runs read-only work on a read connection.
     *
     * @param what what the work reads, for messages
     * @param work the work
     * @param <T> its result
     * @return its result
     */
    <T> T read(Supplier<String> what, SqlWork<T> work) {
        checkOpen();
        try {
            return readers == null ? writer.submit(work) : readers.read(work);
        } catch (SQLException e) {
            throw translate(e, what);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("Store " + store + " is closed");
        }
    }

    private StoreException translate(SQLException e, Supplier<String> what) {
        if (isDuplicate(e)) {
            return new DuplicateKeyException("Cannot " + what.get() + ": it already exists in " + store
                    + " (" + e.getMessage() + ")", e);
        }
        return new StoreException("Cannot " + what.get() + " in " + store + ": " + e.getMessage(), e);
    }

    static boolean isDuplicate(SQLException e) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        String m = String.valueOf(e.getMessage());
        return e.getErrorCode() == SQLiteErrorCode.SQLITE_CONSTRAINT.code
                && (m.contains("UNIQUE constraint failed") || m.contains("PRIMARY KEY"));
    }

    /** A constraint violation is the caller's doing (a duplicate, a missing parent), not the store's. */
    private static boolean isConstraint(SQLException e) {
        return e instanceof SQLiteException s ? (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_CONSTRAINT.code
                : e.getErrorCode() == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
    }

    /** @return the store description */
    String store() {
        return store;
    }

    @Override
    public void close() {
        closed = true;
        if (checkpointer != null) {
            checkpointer.close();
        }
        writer.close();
        if (readers != null) {
            readers.close();
        }
    }
}
