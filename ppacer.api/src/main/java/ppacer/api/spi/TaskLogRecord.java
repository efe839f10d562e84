package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One task log record.
 *
 * @param key the attempt that logged it
 * @param at when it was logged
 * @param level the level name (TRACE, DEBUG, INFO, WARNING, ERROR)
 * @param message the text
 * @param attributesJson structured attributes as a JSON object text
 */
public record TaskLogRecord(AttemptKey key, Instant at, String level, String message, String attributesJson) {
    /** Validates. */
    public TaskLogRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(attributesJson, "attributesJson");
    }
}
