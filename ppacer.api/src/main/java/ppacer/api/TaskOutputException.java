package ppacer.api;

import java.io.Serial;

/**
 * A task output could not be set or read: larger than the scheduler's limit, not writable or
 * readable as JSON of the asked type, or asked of a task that is not a direct parent or stored none.
 * The message names the task, and the size or the valid parents.
 */
public class TaskOutputException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what was asked and why it failed */
    public TaskOutputException(String message) {
        super(message);
    }

    /**
     * @param message what was asked and why it failed
     * @param cause the JSON error
     */
    public TaskOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
