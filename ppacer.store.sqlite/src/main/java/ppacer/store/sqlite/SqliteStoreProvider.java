package ppacer.store.sqlite;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.StoreProvider;

/**
 * Provides the SQLite store for {@code jdbc:sqlite:} URLs (files, {@code jdbc:sqlite::memory:},
 * {@code jdbc:sqlite:file:name?mode=memory&cache=shared}).
 *
 * <p>Options: {@code synchronous} ({@code NORMAL}, the default, or {@code FULL}), {@code timeout}
 * (busy timeout and read-connection wait, default 5 s), {@code poolSize} (read connections, default
 * 4), {@code groupCommitMax} (most writes per commit, default 1000), {@code checkpointEvery} (WAL checkpoint
 * period of the background checkpointer, default 200 ms), {@code quickCheckTimeout} (how long the startup
 * integrity check may take, default 10 s; {@code PT0S} skips it). Any other option is refused.
 *
 * <p>Opening a file runs SQLite's {@code PRAGMA quick_check} first and refuses a damaged file with
 * a {@link StoreException} naming the file and what the check found; a check that runs out of time
 * is logged and the file is used.
 */
public final class SqliteStoreProvider implements StoreProvider {
    private static final System.Logger LOG = System.getLogger(SqliteStoreProvider.class.getName());
    private static final Set<String> OPTIONS = Set.of("synchronous", "timeout", "poolSize", "groupCommitMax",
            "checkpointEvery", "quickCheckTimeout");
    private static final Duration QUICK_CHECK_TIMEOUT = Duration.ofSeconds(10);

    /** Creates the provider; cheap, opens nothing. */
    public SqliteStoreProvider() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean supports(String url) {
        return url.startsWith(SqliteTarget.PREFIX);
    }

    @Override
    public Store open(StoreConfig config) {
        return open(config, new SchemaMigrator(Migration.ALL, config.clock()));
    }

    /**
     * Opens a store with a given migration list (tests inject migrations).
     *
     * @param config the config
     * @param migrator the schema migrator
     * @return the open store
     */
    static Store open(StoreConfig config, SchemaMigrator migrator) {
        config.requireKnownOptions("sqlite", OPTIONS);
        SqliteTarget target = SqliteTarget.of(config);
        String store = "sqlite " + config.redactedUrl();
        int poolSize = config.intOption("poolSize", 4);
        int maxBatch = config.intOption("groupCommitMax", 1000);
        Duration timeout = config.durationOption("timeout", Duration.ofSeconds(5));
        Session writeSession = null;
        try {
            writeSession = new Session(target.open(true, true));
            if (!target.memory()) {
                checkIntegrity(writeSession, target, config.durationOption("quickCheckTimeout", QUICK_CHECK_TIMEOUT));
            }
            AutoVacuum.enable(writeSession, target.name());
            migrator.migrate(writeSession, target.name());
            writeSession.connection().setAutoCommit(false);
            ReadPool readers = target.memory() ? null : new ReadPool(target, Math.max(1, poolSize), store, timeout);
            Checkpointer checkpointer = target.memory() ? null
                    : new Checkpointer(target, store, config.durationOption("checkpointEvery", Duration.ofMillis(200)));
            return new SqliteStore(new SqliteGateway(store, new SqliteWriter(writeSession,
                    target.memory() ? WriteConnection.restartTransaction() : WriteConnection.reopen(target), store,
                    Math.max(1, maxBatch)), readers,
                    checkpointer), new SqliteLeaderLease(target, config.clock()));
        } catch (SQLException e) {
            closeQuietly(writeSession, e);
            if (e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
                throw new StoreException("'" + target.name() + "' is not a ppacer database: " + e.getMessage(), e);
            }
            if (e instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                throw damaged(target, List.of(String.valueOf(e.getMessage())));
            }
            if (e instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_CANTOPEN.code
                    && !target.memory()) {
                throw new StoreException("Cannot open " + store + CannotOpen.reason(target.name()).map(r -> ": " + r)
                        .orElse("") + " (" + e.getMessage() + ")", e);
            }
            throw new StoreException("Cannot open " + store + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(writeSession, e);
            throw e;
        }
    }

    /**
     * Runs the bounded quick_check; refuses a damaged file.
     *
     * @throws StoreException naming the file and the findings when it is damaged
     */
    private static void checkIntegrity(Session session, SqliteTarget target, Duration budget) throws SQLException {
        if (budget.isZero() || budget.isNegative()) {
            return;
        }
        switch (IntegrityCheck.run(session.connection(), budget)) {
            case IntegrityCheck.Result.Passed p -> {
            }
            case IntegrityCheck.Result.Unfinished u -> LOG.log(System.Logger.Level.WARNING, "PRAGMA quick_check of ''{0}'' "
                    + "did not finish within {1}; starting without it (store option quickCheckTimeout sets the bound)",
                    target.name(), u.budget());
            case IntegrityCheck.Result.Damaged d -> throw damaged(target, d.findings());
        }
    }

    private static StoreException damaged(SqliteTarget target, List<String> findings) {
        return new StoreException("The SQLite database '" + target.name() + "' is damaged; PRAGMA quick_check found: "
                + String.join("; ", findings) + ". Refusing to start on it: restore it from a backup (or salvage what is "
                + "readable with: sqlite3 '" + target.name() + "' .recover) and start again");
    }

    private static void closeQuietly(Session session, Exception cause) {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
