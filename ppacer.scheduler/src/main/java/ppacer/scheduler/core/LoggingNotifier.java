package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import ppacer.api.Alert;
import ppacer.api.Notifier;

/**
 * The default notifier, through {@link System.Logger} {@code ppacer.alerts}: a failure for good is
 * an ERROR with the whole message (the error's stack trace included); an attempt that will be
 * retried is expected, so it is one WARNING line with the error's first line.
 */
public final class LoggingNotifier implements Notifier {
    private static final System.Logger LOG = System.getLogger("ppacer.alerts");

    /** Creates the notifier. */
    public LoggingNotifier() {
    }

    @Override
    public void send(Alert alert) {
        switch (alert.kind()) {
            case FAILURE -> LOG.log(Level.ERROR, alert.message());
            case DEADLINE_MISSED -> LOG.log(Level.WARNING, alert.message());
            case RETRY -> LOG.log(Level.WARNING, "Task [" + alert.taskId() + "] in DAG [" + alert.dagId() + "] failed"
                    + " attempt " + alert.attempt() + " of run " + alert.runId() + "; it will be retried"
                    + alert.error().map(LoggingNotifier::firstLine).filter(e -> !e.isEmpty()).map(e -> ": " + e).orElse(""));
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }
}
