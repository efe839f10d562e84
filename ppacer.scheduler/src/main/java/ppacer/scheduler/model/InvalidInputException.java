package ppacer.scheduler.model;

import java.io.Serial;

/** An argument that is malformed, e.g. run parameters that are not a JSON object (an HTTP layer maps it to 400). */
public class InvalidInputException extends SchedulerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The input field the error is about, or null. */
    private final String field;

    /** @param message what went wrong, naming the values involved */
    public InvalidInputException(String message) {
        super(message);
        this.field = null;
    }

    /**
     * @param field the input field the error is about, e.g. {@code records[3].ts}
     * @param message what went wrong, naming the field and the value
     * @return the exception
     */
    public static InvalidInputException ofField(String field, String message) {
        return new InvalidInputException(message, field);
    }

    private InvalidInputException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** @return the input field the error is about, when it is about one */
    public java.util.Optional<String> field() {
        return java.util.Optional.ofNullable(field);
    }

    /**
     * @param message what went wrong, naming the values involved
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
    }
}
