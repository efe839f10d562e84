package ppacer.api.protocol;

import java.util.List;

/**
 * A backfill's dry run ({@code POST /dags/{dagId}/backfills} with {@code dryRun}): which logical
 * times would get a new run, be rerun or be skipped, decided by the code of the real backfill.
 *
 * @param dagId the DAG
 * @param total the schedule points of the range
 * @param create logical times that would get a new run, in processing order
 * @param rerun logical times whose finished run would be restarted, in processing order
 * @param skip logical times left as they are (a run exists), in processing order
 * @param notes things to know, e.g. that the DAG is paused
 */
public record BackfillPlanView(String dagId, int total, List<String> create, List<String> rerun, List<String> skip,
                               List<String> notes) {
    /** Copies. */
    public BackfillPlanView {
        create = List.copyOf(create);
        rerun = List.copyOf(rerun);
        skip = List.copyOf(skip);
        notes = List.copyOf(notes);
    }
}
