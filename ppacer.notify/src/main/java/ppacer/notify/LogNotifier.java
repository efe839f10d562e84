package ppacer.notify;

import java.lang.System.Logger.Level;
import ppacer.api.Alert;
import ppacer.api.Notifier;

/**
 * Writes the alert's message through {@link System.Logger} {@code ppacer.alerts} at ERROR, as the
 * scheduler does when no notifier is configured; listed as {@code type: log} to keep that line beside
 * a webhook or an e-mail.
 */
public final class LogNotifier implements Notifier {
    private static final System.Logger LOG = System.getLogger("ppacer.alerts");

    /** Creates the notifier. */
    public LogNotifier() {
    }

    @Override
    public void send(Alert alert) {
        LOG.log(Level.ERROR, alert.message());
    }

    @Override
    public String toString() {
        return "log";
    }
}
