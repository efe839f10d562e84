package ppacer.api.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backfill with its progress ({@code GET /backfills/{id}}, {@code GET /dags/{dagId}/backfills},
 * and the answer of a create, cancel, pause or resume).
 *
 * @param id the backfill id
 * @param dagId the DAG
 * @param from the first logical time of the range (inclusive)
 * @param to the last logical time of the range (inclusive)
 * @param maxActive most unfinished runs at a time
 * @param reprocess NONE, FAILED or ALL
 * @param reverse whether it goes from the latest point to the earliest
 * @param params the parameters of the runs it creates
 * @param createdBy who asked for it
 * @param createdAt when
 * @param state RUNNING, PAUSED, CANCELLED, SUCCEEDED or FAILED
 * @param cursor the next logical time to process, or null once every point is processed
 * @param total the schedule points of the range
 * @param created runs created
 * @param rerun existing runs restarted
 * @param skipped points skipped (a run existed)
 * @param runsSucceeded its runs that are SUCCESS
 * @param runsFailed its runs that are FAILED
 * @param runsUnfinished its runs not finished
 * @param done points done: skipped, or whose run finished (the progress bar is done / total)
 * @param updatedAt its last change
 * @param notes things to know, e.g. that the DAG is paused and the backfill waits
 */
public record BackfillView(long id, String dagId, String from, String to, int maxActive, String reprocess, boolean reverse,
                           Map<String, Object> params, String createdBy, String createdAt, String state, String cursor,
                           int total, int created, int rerun, int skipped, long runsSucceeded, long runsFailed,
                           long runsUnfinished, long done, String updatedAt, List<String> notes) {
    /** Copies. */
    public BackfillView {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
