package ppacer.api.protocol;

/**
 * One schedule decision of a DAG in {@code GET /dags/{dagId}/schedule-events}: a run created
 * (REGULAR, CAUGHT_UP, MANUALLY_TRIGGERED, OVERLAP_BUFFERED), a point given no run (SKIPPED,
 * OUT_OF_BAND, OVERLAP_SKIPPED) or a run cancelled (OVERLAP_CANCELLED).
 *
 * @param type the decision, a {@link ppacer.api.spi.ScheduleEventType} name
 * @param scheduledAt the schedule point it is about (for OVERLAP_CANCELLED, the cancelled run's
 *     logical time), or null
 * @param nextAt the point after it (for OVERLAP_CANCELLED, the point whose run replaces the
 *     cancelled one), or null
 * @param createdAt when the decision was made
 */
public record ScheduleEventView(String type, Timestamp scheduledAt, Timestamp nextAt, Timestamp createdAt) {
}
