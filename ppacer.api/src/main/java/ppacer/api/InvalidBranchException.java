package ppacer.api;

import java.io.Serial;

/**
 * Thrown by {@link TaskContext#branch} when a chosen id is not a direct child of the task; the
 * attempt then fails with this message, which names the valid children.
 */
public class InvalidBranchException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message the task, the ids chosen and the valid children */
    public InvalidBranchException(String message) {
        super(message);
    }
}
