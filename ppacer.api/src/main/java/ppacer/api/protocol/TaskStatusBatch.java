package ppacer.api.protocol;

import java.util.List;

/**
 * Several reports in one request ({@code POST /dag/task/update-many-and-pop}), 1 to 256 of them.
 *
 * @param updates the reports, applied independently of each other
 */
public record TaskStatusBatch(List<DagRunTaskStatus> updates) {
    /** Copies the list; a missing list is empty (and refused by the scheduler). */
    public TaskStatusBatch {
        updates = updates == null ? List.of() : List.copyOf(updates);
    }
}
