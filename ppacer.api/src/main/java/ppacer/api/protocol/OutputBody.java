package ppacer.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import ppacer.api.TaskOutput;

/**
 * A task output on the wire: JSON and {@code text/*} content as {@code text} (read and written as
 * is, no second encoding), any other content as {@code base64}. Exactly one of the two is set.
 *
 * @param contentType the media type
 * @param text the content as UTF-8 text, or null
 * @param base64 the content in Base64, or null
 */
public record OutputBody(String contentType, String text, String base64) {
    /**
     * @param output an output
     * @return its wire form
     */
    public static OutputBody of(TaskOutput output) {
        String type = output.contentType();
        if (output.isJson() || type.startsWith("text/")) {
            return new OutputBody(type, output.text(), null);
        }
        return new OutputBody(type, null, Base64.getEncoder().encodeToString(output.bytes()));
    }

    /**
     * @return the output
     * @throws IllegalArgumentException naming the field when the body is not one of the two forms
     */
    public TaskOutput toOutput() {
        if (contentType == null || contentType.isBlank()) {
            throw new IllegalArgumentException("An output needs 'contentType' (e.g. \"" + TaskOutput.JSON + "\")");
        }
        if ((text == null) == (base64 == null)) {
            throw new IllegalArgumentException("An output has exactly one of 'text' and 'base64', had "
                    + (text == null ? "neither" : "both"));
        }
        if (text != null) {
            return new TaskOutput(contentType, text.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return new TaskOutput(contentType, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The output's 'base64' is not Base64: " + e.getMessage(), e);
        }
    }

    /** @return a short description: the type and size, never the content */
    @Override
    public String toString() {
        return "OutputBody[" + Objects.toString(contentType) + ", "
                + (text != null ? text.length() + " chars" : base64 != null ? base64.length() + " Base64 chars" : "empty") + "]";
    }
}
