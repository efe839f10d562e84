package ppacer.cli.settings;

import java.io.Serial;
import ppacer.api.PpacerException;

/** A setting has a value that cannot be used, or the configuration file cannot be read. */
public final class SettingsException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the setting, its value and where it came from */
    public SettingsException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
