package ppacer.store.jdbc;

import java.io.Serial;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;

/**
 * Turns driver, pool and Helidon exceptions into {@link StoreException}s that name the store and
 * never carry the password: the whole cause chain is copied with every message sanitized.
 */
final class Failures {
    /** SQLState class 23: integrity constraint violations, the caller's doing. */
    private static final String INTEGRITY_VIOLATION_CLASS = "23";
    private final Dialect dialect;
    private final String store;
    private final List<String> secrets;

    Failures(ConnectionSettings settings) {
        this.dialect = settings.dialect();
        this.store = settings.dialect().providerName() + " store " + settings.redactedUrl();
        // longest first, so a secret containing another is replaced whole
        this.secrets = settings.secrets().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** @return "postgresql store URL-without-password" */
    String store() {
        return store;
    }

    /**
     * @param text any text
     * @return the text with passwords replaced by {@code ***}
     */
    String sanitize(String text) {
        if (text == null) {
            return null;
        }
        String s = StoreConfig.redact(text);
        for (String secret : secrets) {
            s = s.replace(secret, "***");
        }
        return s;
    }

    /**
     * Wraps a failure.
     *
     * @param what the operation, with its values
     * @param e the failure
     * @return a {@link DuplicateKeyException} for unique key violations, else a {@link StoreException}
     */
    StoreException wrap(String what, Throwable e) {
        if (e instanceof StoreException se && !(e.getCause() instanceof SQLException)) {
            return se;
        }
        Optional<SQLException> sql = sqlCause(e);
        String message = what + " failed on " + store + ": " + sanitize(rootMessage(e));
        Throwable cause = copy(e, 0);
        if (sql.isPresent() && dialect.isDuplicateKey(sql.get())) {
            return new DuplicateKeyException(message, cause);
        }
        return new StoreException(message, cause);
    }

    /**
     * The failure to connect to the store at all.
     *
     * @param reason why, in words
     * @param e the driver's failure
     * @return "Cannot connect to STORE: REASON", with the cause chain sanitized
     */
    StoreException cannotConnect(String reason, Throwable e) {
        return new StoreException(sanitize("Cannot connect to " + store + ": " + reason), copy(e, 0));
    }

    /**
     * @param e a failure
     * @return true when it is a deadlock or serialization failure worth retrying
     */
    boolean isTransient(Throwable e) {
        return sqlCause(e).map(dialect::isTransient).orElse(false);
    }

    /**
     * @param e the failure of a transaction
     * @param atCommit whether it was the COMMIT that failed
     * @return true when the transaction was certainly rolled back because its session ended or its
     *     connection broke: before the COMMIT was sent that is always so (an open transaction dies
     *     with its session); a failed COMMIT is certain only when the server says it ended the session
     *     first (PostgreSQL)
     */
    boolean rolledBackWithSession(Throwable e, boolean atCommit) {
        Optional<SQLException> s = sqlCause(e);
        if (s.isEmpty()) {
            return false;
        }
        boolean ended = dialect.isSessionEnded(s.get());
        return atCommit ? ended && dialect.endedSessionAnswersCommit() : ended || TransitionWriter.isConnectivity(s.get());
    }

    /**
     * The failure of a fenced write that was rolled back with its session (see
     * {@link #rolledBackWithSession}): when the lease has moved past the write's epoch since, a
     * takeover ended the session (or the writer was cut off and deposed) and the write is stale;
     * otherwise the plain failure.
     *
     * @param what the operation
     * @param e the failure
     * @param epoch the epoch the write carried
     * @param currentEpoch the lease's epoch read after the failure, when it could be read
     * @return the failure to report
     */
    StoreException endedFencedWrite(String what, Throwable e, long epoch, Optional<Long> currentEpoch) {
        StoreException plain = wrap(what, e);
        if (currentEpoch.isEmpty() || currentEpoch.get() == epoch) {
            return plain;
        }
        StoreException stale = JdbcGateway.stale(this, epoch, currentEpoch.get());
        stale.initCause(plain);
        return stale;
    }

    /**
     * @param e a failed write's exception, before {@link #wrap}
     * @return true when the store is at fault (driver, connection, server or disk), false when the
     *         write was refused for the caller's reason (an integrity violation such as a duplicate
     *         key, a stale leader epoch) or failed outside the database
     */
    boolean isStoreFault(Throwable e) {
        if (e instanceof StaleEpochException) {
            return false;
        }
        Optional<SQLException> sql = sqlCause(e);
        return sql.isPresent() && !dialect.isDuplicateKey(sql.get())
                && !String.valueOf(sql.get().getSQLState()).startsWith(INTEGRITY_VIOLATION_CLASS);
    }

    /**
     * @param e a failure
     * @return true when it is a unique key violation
     */
    boolean isDuplicateKey(Throwable e) {
        return sqlCause(e).map(dialect::isDuplicateKey).orElse(false);
    }

    static Optional<SQLException> sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String best = String.valueOf(e.getMessage());
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t.getMessage() != null) {
                best = t.getMessage();
            }
        }
        return best;
    }

    private Throwable copy(Throwable e, int depth) {
        if (e == null || depth > 20) {
            return null;
        }
        String sqlState = e instanceof SQLException s ? " [SQLState " + s.getSQLState() + ", code " + s.getErrorCode() + "]" : "";
        Sanitized copy = new Sanitized(e.getClass().getName() + sqlState + ": " + sanitize(e.getMessage()),
                copy(e.getCause(), depth + 1));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** A driver exception with its message sanitized; the original class name leads the message. */
    static final class Sanitized extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        Sanitized(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
