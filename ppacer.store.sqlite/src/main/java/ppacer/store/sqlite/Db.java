package ppacer.store.sqlite;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.StoreException;

/**
 * The JDBC boundary of the SQLite store: writes go to the group-commit writer, reads to the read
 * pool (or the writer for in-memory databases), and every {@link SQLException} is translated here,
 * once, into a {@link StoreException} or {@link DuplicateKeyException} naming the store and values.
 */
final class Db implements AutoCloseable {
    private final String store;
    private final GroupCommitWriter writer;
    private final ReadPool readers;
    private volatile boolean closed;

    /**
     * @param store the store description (provider and URL without password)
     * @param writer the writer
     * @param readers the read pool, or null to read through the writer
     */
    Db(String store, GroupCommitWriter writer, ReadPool readers) {
        this.store = store;
        this.writer = writer;
        this.readers = readers;
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
        try {
            return writer.submit(work);
        } catch (SQLException e) {
            throw translate(e, what);
        }
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

    /** @return the store description */
    String store() {
        return store;
    }

    @Override
    public void close() {
        closed = true;
        writer.close();
        if (readers != null) {
            readers.close();
        }
    }
}
