package ppacer.exec.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;

/**
 * Task outputs as JSON: values written and read with the wire format's mapper, for every
 * {@code TaskContext} of ppacer's own modules (the executor's, and {@code ppacer test}'s).
 */
public final class OutputJson {
    private OutputJson() {
    }

    /**
     * @param taskId the task setting it (for messages)
     * @param value the value
     * @return the JSON output
     * @throws TaskOutputException when the value cannot be written as JSON
     */
    public static TaskOutput write(String taskId, Object value) {
        try {
            return new TaskOutput(TaskOutput.JSON, WireJson.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new TaskOutputException("Task '" + taskId + "' set an output of type " + value.getClass().getName()
                    + " that cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param what the output's task, for messages
     * @param output a JSON output
     * @param type what to read it as
     * @param <T> the type
     * @return the value
     * @throws TaskOutputException when it is not JSON or does not read as {@code type}
     */
    public static <T> T read(String what, TaskOutput output, Class<T> type) {
        json(what, output);
        try {
            return WireJson.mapper().readValue(output.bytes(), type);
        } catch (IOException e) {
            throw new TaskOutputException("The output of " + what + " does not read as " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param what the output's task, for messages
     * @param output a JSON array output
     * @param elementType what to read each element as
     * @param <T> the element type
     * @return the elements
     * @throws TaskOutputException when it is not a JSON array of {@code elementType}
     */
    public static <T> List<T> readList(String what, TaskOutput output, Class<T> elementType) {
        json(what, output);
        try {
            return WireJson.mapper().readValue(output.bytes(),
                    WireJson.mapper().getTypeFactory().constructCollectionType(List.class, elementType));
        } catch (IOException e) {
            throw new TaskOutputException("The output of " + what + " does not read as a list of "
                    + elementType.getName() + ": " + e.getMessage(), e);
        }
    }

    private static void json(String what, TaskOutput output) {
        if (!output.isJson()) {
            throw new TaskOutputException("The output of " + what + " is " + output.contentType() + ", not JSON; "
                    + "read it with rawInput");
        }
    }
}
