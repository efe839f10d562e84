package ppacer.api;

import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * A task's own log. Records are stored per attempt in the task log store and shown in the UI.
 * Implementations are thread-safe and never throw on logging.
 */
public interface TaskLogger {
    /**
     * Logs one record.
     *
     * @param level the severity
     * @param message the text
     * @param attributes structured attributes, stored as JSON; may be empty
     */
    void log(Level level, String message, Map<String, ?> attributes);

    /** @param message the text, logged at INFO */
    default void info(String message) {
        log(Level.INFO, message, Map.of());
    }

    /** @param message the text, logged at DEBUG */
    default void debug(String message) {
        log(Level.DEBUG, message, Map.of());
    }

    /** @param message the text, logged at WARNING */
    default void warn(String message) {
        log(Level.WARNING, message, Map.of());
    }

    /** @param message the text, logged at ERROR */
    default void error(String message) {
        log(Level.ERROR, message, Map.of());
    }
}
