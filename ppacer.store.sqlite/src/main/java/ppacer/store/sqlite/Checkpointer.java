package ppacer.store.sqlite;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import ppacer.api.concurrent.BackgroundLoop;

/**
 * Runs WAL checkpoints on its own connection and thread, so that the writer never pays for one
 * (a checkpoint copies pages into the database file and syncs it: milliseconds the writer's
 * callers would otherwise wait). PASSIVE checkpoints never block the writer or readers. The writer
 * keeps a high auto-checkpoint threshold as a safety net should this thread fall behind.
 */
final class Checkpointer implements AutoCloseable {
    /** The writer's auto-checkpoint threshold, in pages (80 MiB of WAL at 4 KiB pages). */
    static final int WRITER_AUTOCHECKPOINT_PAGES = 20_000;
    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

    private final Session session;
    private final String store;
    private final BackgroundLoop rounds;

    /**
     * @param target where to connect
     * @param store the store description, for messages
     * @param every how often to checkpoint
     * @throws SQLException when the connection cannot be opened
     */
    Checkpointer(SqliteTarget target, String store, Duration every) throws SQLException {
        this.session = new Session(target.open(true));
        this.store = store;
        this.rounds = BackgroundLoop.named("ppacer-sqlite-checkpointer").logger(LOG).start(() -> {
            BackgroundLoop.sleep(every);
            checkpoint();
        });
    }

    private void checkpoint() {
        try (Statement st = session.connection().createStatement()) {
            st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "WAL checkpoint of " + store + " failed; the writer will checkpoint "
                    + "itself once the WAL reaches " + WRITER_AUTOCHECKPOINT_PAGES + " pages", e);
        }
    }

    @Override
    public void close() {
        if (!rounds.stopAndJoin(Duration.ofSeconds(30))) {
            LOG.log(System.Logger.Level.WARNING, "WAL checkpoint of " + store + " still running at close");
        }
        try {
            session.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the checkpoint connection of " + store + " failed", e);
        }
    }
}
