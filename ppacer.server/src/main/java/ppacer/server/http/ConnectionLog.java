package ppacer.server.http;

import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns Helidon's warnings about connections that ended mid-request (the client went away, or a
 * read deadline or the idle check closed it) into one short debug line each, without a stack
 * trace: a flood of abandoned connections must not flood the log (each such warning was ~16 lines).
 * Other warnings of those loggers pass unchanged.
 */
final class ConnectionLog implements Filter {
    private static final System.Logger LOG = System.getLogger(ConnectionLog.class.getName());
    /** Helidon's loggers that report a connection's end; held here, as java.util.logging keeps loggers weakly. */
    private static final List<Logger> HELIDON = List.of(Logger.getLogger("io.helidon.webserver.http1.Http1Connection"),
            Logger.getLogger("io.helidon.webserver.ConnectionHandler"));

    private final Filter next;

    private ConnectionLog(Filter next) {
        this.next = next;
    }

    /** Installs the filter on Helidon's connection loggers, once. */
    static synchronized void install() {
        for (Logger l : HELIDON) {
            if (!(l.getFilter() instanceof ConnectionLog)) {
                l.setFilter(new ConnectionLog(l.getFilter()));
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord r) {
        if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() && endedMidRequest(r.getThrown())) {
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "Connection ended mid-request: " + r.getMessage() + " (" + cause(r.getThrown()) + ")");
            }
            return false;
        }
        return next == null || next.isLoggable(r);
    }

    /** True when the cause is the connection itself: its data ended, or reading or writing it failed. */
    static boolean endedMidRequest(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException || t instanceof IOException
                    || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static String cause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
