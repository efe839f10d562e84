package ppacer.api.protocol;

/**
 * The answer to an accepted report ({@code POST /dag/task/update}): {@code {"accepted": true}}. A
 * refused report is answered with its status (409, 404, 503) and an {@link ErrorBody} instead.
 *
 * @param accepted always true in a 200 answer
 */
public record ReportAck(boolean accepted) {
    /** @return the answer to an accepted report */
    public static ReportAck yes() {
        return new ReportAck(true);
    }
}
