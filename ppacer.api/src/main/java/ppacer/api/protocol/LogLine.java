package ppacer.api.protocol;

import java.util.Map;

/**
 * One task log record shipped by an executor.
 *
 * @param ts when it was logged
 * @param level TRACE, DEBUG, INFO, WARNING or ERROR
 * @param message the text
 * @param attributes structured attributes
 */
public record LogLine(String ts, String level, String message, Map<String, Object> attributes) {
    /** Copies the attributes. */
    public LogLine {
        attributes = attributes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }
}
