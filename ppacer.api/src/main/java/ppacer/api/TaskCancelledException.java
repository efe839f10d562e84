package ppacer.api;

import java.io.Serial;

/** Thrown by {@link TaskContext#checkCancelled()} when an attempt must stop. */
public class TaskCancelledException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which attempt was cancelled and why
     */
    public TaskCancelledException(String message) {
        super(message);
    }
}
