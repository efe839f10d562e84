package ppacer.api.protocol;

import java.util.List;
import java.util.Objects;
import ppacer.api.TaskStatus;

/**
 * What restarting a FAILED run would do now ({@code GET /dagruns/{runId}/restart-plan}, {@code ppacer
 * restart RUN --dry-run}), computed by the restart's own steps without changing anything.
 *
 * @param runId the run
 * @param dagId its DAG
 * @param rerun the tasks that get a new attempt (the FAILED ones, with the setups and teardowns
 *     around them), in the DAG's order
 * @param runFirst the tasks queued at once (their rules let them run)
 * @param waiting the tasks left pending until their parents decide them
 * @param notRun the tasks their rules decide not to run (again), with the status and the reason
 * @param kept how many tasks keep their outcome (succeeded, or decided as before)
 */
public record RestartPlan(long runId, String dagId, List<String> rerun, List<String> runFirst, List<String> waiting,
                          List<NotRun> notRun, int kept) {
    /** Copies. */
    public RestartPlan {
        Objects.requireNonNull(dagId, "dagId");
        rerun = List.copyOf(rerun);
        runFirst = List.copyOf(runFirst);
        waiting = List.copyOf(waiting);
        notRun = List.copyOf(notRun);
    }

    /**
     * A task the rules decide not to run.
     *
     * @param taskId the task
     * @param status SKIPPED or UPSTREAM_FAILED
     * @param reason why
     */
    public record NotRun(String taskId, TaskStatus status, String reason) {
    }
}
