package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import ppacer.api.Alert;
import ppacer.api.Notifier;

/** The default notifier: writes the alert's message through {@link System.Logger} at ERROR. */
public final class LoggingNotifier implements Notifier {
    private static final System.Logger LOG = System.getLogger("ppacer.alerts");

    /** Creates the notifier. */
    public LoggingNotifier() {
    }

    @Override
    public void send(Alert alert) {
        LOG.log(Level.ERROR, alert.message());
    }
}
