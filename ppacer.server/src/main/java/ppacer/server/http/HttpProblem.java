package ppacer.server.http;

import java.io.Serial;
import ppacer.api.PpacerException;

/**
 * A client mistake or conflict, answered as {@code {"error": ..., "field": ...}} with its status.
 */
final class HttpProblem extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    HttpProblem(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static HttpProblem badRequest(String field, String message) {
        return new HttpProblem(400, field, message);
    }

    static HttpProblem notFound(String message) {
        return new HttpProblem(404, null, message);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    /** Shortens values echoed in messages, so hostile input does not come back in full. */
    static String shown(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
