package ppacer.store.sqlite;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import ppacer.api.spi.StoreException;

/**
 * A fixed pool of auto-commit read connections. In WAL mode readers never block the writer and see
 * every committed write.
 */
final class ReadPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReadPool.class.getName());

    private final BlockingQueue<Session> free;
    private final int size;
    private final String store;
    private final Duration wait;

    /**
     * @param target where to connect
     * @param size how many connections
     * @param store the store description, for messages
     * @param wait how long a reader waits for a free connection
     * @throws SQLException when a connection cannot be opened
     */
    ReadPool(SqliteTarget target, int size, String store, Duration wait) throws SQLException {
        this.size = size;
        this.store = store;
        this.wait = wait;
        this.free = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                free.add(new Session(target.open(true)));
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    <T> T read(SqlWork<T> work) throws SQLException {
        Session s;
        try {
            s = free.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for a read connection of " + store, e);
        }
        if (s == null) {
            throw new StoreException("No read connection of " + store + " came free within " + wait
                    + " (pool size " + size + ")");
        }
        try {
            return work.run(s);
        } catch (SQLException | RuntimeException e) {
            s.discardStatements();
            throw e;
        } finally {
            free.add(s);
        }
    }

    /** Closes the connections that are free; the store waits for readers before closing. */
    @Override
    public void close() {
        Session s;
        while ((s = free.poll()) != null) {
            try {
                s.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "Closing a read connection of " + store + " failed", e);
            }
        }
    }
}
