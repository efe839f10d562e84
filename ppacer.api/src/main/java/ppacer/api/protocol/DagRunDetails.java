package ppacer.api.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ppacer.api.DagRunStatus;

/**
 * One run with its tasks and their attempts ({@code GET /dagruns/{runId}}).
 *
 * @param runId the run id
 * @param dagId the DAG
 * @param execTs the run's logical time
 * @param status the run's status
 * @param trigger why the run exists: REGULAR (its schedule), CAUGHT_UP, OUT_OF_BAND, MANUALLY_TRIGGERED or BACKFILL
 * @param restarts how many times the run was restarted
 * @param params the run's parameters
 * @param createdAt when the run was created
 * @param startedAt when the run first became RUNNING, or null
 * @param finishedAt when the run last became SUCCESS or FAILED, or null while it is not finished
 * @param duration from creation to the end (or to now while unfinished), as text such as {@code 1.234s}
 * @param tasks the DAG's current tasks in the DAG's order, each with its attempts in this run
 * @param waiting why the run makes no progress, when the scheduler can tell (a paused DAG, no executor);
 *     empty when it progresses or is finished (the whole answer: {@code GET /dagruns/{runId}/why})
 * @param deadlineMissed whether the run or one of its tasks missed its deadline
 * @param deadlinesMissed the deadlines missed (each alerted once), the run's own first
 * @param bundleHash the SHA-256 (hex) of the DAG bundle version the run started with (and runs on to its end);
 *     null for a DAG built into the image
 */
public record DagRunDetails(long runId, String dagId, String execTs, DagRunStatus status, String trigger, int restarts,
                            Map<String, Object> params, String createdAt, String startedAt, String finishedAt,
                            String duration, List<DagRunTask> tasks, List<RunWaiting> waiting, boolean deadlineMissed,
                            List<MissedDeadlineView> deadlinesMissed, String bundleHash) {
    /** Copies the parameters, the tasks, the reasons and the deadlines; missing lists (an older scheduler) are empty. */
    public DagRunDetails {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        tasks = List.copyOf(tasks);
        waiting = waiting == null ? List.of() : List.copyOf(waiting);
        deadlinesMissed = deadlinesMissed == null ? List.of() : List.copyOf(deadlinesMissed);
    }

    /**
     * A run of a DAG built into the image.
     *
     * @param runId the run id
     * @param dagId the DAG
     * @param execTs the run's logical time
     * @param status the run's status
     * @param trigger why the run exists
     * @param restarts how many times the run was restarted
     * @param params the run's parameters
     * @param createdAt when the run was created
     * @param startedAt when the run first became RUNNING, or null
     * @param finishedAt when the run last finished, or null
     * @param duration from creation to the end (or to now)
     * @param tasks the DAG's tasks with their attempts
     * @param waiting why the run makes no progress
     * @param deadlineMissed whether a deadline was missed
     * @param deadlinesMissed the deadlines missed
     */
    public DagRunDetails(long runId, String dagId, String execTs, DagRunStatus status, String trigger, int restarts,
                         Map<String, Object> params, String createdAt, String startedAt, String finishedAt,
                         String duration, List<DagRunTask> tasks, List<RunWaiting> waiting, boolean deadlineMissed,
                         List<MissedDeadlineView> deadlinesMissed) {
        this(runId, dagId, execTs, status, trigger, restarts, params, createdAt, startedAt, finishedAt, duration, tasks,
                waiting, deadlineMissed, deadlinesMissed, null);
    }

    /**
     * A deadline the run or a task missed.
     *
     * @param taskId the task; null for the run's own deadline
     * @param dueAt when it was due
     * @param missedAt when the scheduler found it missed (and alerted)
     */
    public record MissedDeadlineView(String taskId, String dueAt, String missedAt) {
    }
}
