package ppacer.api;

import java.io.Serial;

/**
 * Thrown by a task to end its attempt as SKIPPED instead of SUCCESS or FAILED (a short-circuit:
 * "no new files today"). The tasks below it then follow their trigger rules: with the default rule
 * they are SKIPPED too. The message is stored as the reason.
 *
 * <pre>{@code
 * if (files.isEmpty()) {
 *     throw new SkipTaskException("no new files in " + inbox);
 * }
 * }</pre>
 */
public class SkipTaskException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param reason why the task skips itself; shown in the UI, the API and {@code ppacer tasks} */
    public SkipTaskException(String reason) {
        super(reason);
    }
}
