package ppacer.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A task's output: a small value stored with the attempt that produced it, read by the task's
 * children ({@link TaskContext#input(String, Class)}). JSON values have the content type
 * {@value #JSON}; any other content type marks opaque bytes. Large data does not belong here: write
 * it to a file or an object store and output its path or URL.
 *
 * @param contentType the media type, e.g. {@value #JSON} or {@code text/csv}
 * @param bytes the content (copied in and out)
 */
public record TaskOutput(String contentType, byte[] bytes) {
    /** The content type of JSON outputs. */
    public static final String JSON = "application/json";

    /** Validates and copies. */
    public TaskOutput {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(bytes, "bytes");
        if (contentType.isBlank() || contentType.length() > 255) {
            throw new IllegalArgumentException("A content type is 1 to 255 characters, was '" + contentType + "'");
        }
        bytes = bytes.clone();
    }

    /**
     * @param json a JSON text
     * @return the output holding it, content type {@value #JSON}
     */
    public static TaskOutput json(String json) {
        return new TaskOutput(JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a copy of the content */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the size of the content in bytes */
    public int size() {
        return bytes.length;
    }

    /** @return true when the content is JSON */
    public boolean isJson() {
        return JSON.equals(contentType);
    }

    /** @return the content decoded as UTF-8 (the JSON text of a JSON output) */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskOutput t && contentType.equals(t.contentType) && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * contentType.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TaskOutput[" + contentType + ", " + bytes.length + " bytes]";
    }
}
