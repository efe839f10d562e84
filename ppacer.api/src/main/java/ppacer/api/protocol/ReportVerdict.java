package ppacer.api.protocol;

/**
 * What became of one report of a {@link TaskStatusBatch}: accepted, or refused with the status the
 * same report alone would have been answered with.
 *
 * @param accepted whether the report was applied
 * @param status 200 when accepted, else 409 (stale token, another executor's attempt, already
 *        reported), 404 (unknown attempt), 503 (the scheduler stopped or does not lead) or 500
 * @param field the field a refusal is about ({@code token}, {@code executorId}), or null
 * @param error why it was refused, or null when accepted
 */
public record ReportVerdict(boolean accepted, int status, String field, String error) {
    /** @return the verdict on an accepted report */
    public static ReportVerdict yes() {
        return new ReportVerdict(true, 200, null, null);
    }

    /**
     * @param status the HTTP status the report alone would have had
     * @param field the field it is about, or null
     * @param error why
     * @return the verdict on a refused report
     */
    public static ReportVerdict refused(int status, String field, String error) {
        return new ReportVerdict(false, status, field, error);
    }
}
