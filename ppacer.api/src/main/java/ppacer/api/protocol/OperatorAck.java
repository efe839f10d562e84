package ppacer.api.protocol;

/**
 * The answers to operator actions.
 */
public final class OperatorAck {
    private OperatorAck() {
    }

    /**
     * {@code POST /dag/run/restart}.
     *
     * @param runId the run restarted
     * @param restarted always true in a 200 answer
     */
    public record RunRestarted(long runId, boolean restarted) {
    }

    /**
     * {@code POST /dag/run/{runId}/task/{taskId}/clear}.
     *
     * @param runId the run
     * @param taskId the task cleared (with its downstream tasks unless asked otherwise)
     * @param cleared always true in a 200 answer
     */
    public record TaskCleared(long runId, String taskId, boolean cleared) {
    }

    /**
     * {@code POST /dag/run/{runId}/task/{taskId}/mark}.
     *
     * @param runId the run
     * @param taskId the task marked
     * @param status the status it was marked with: SUCCESS, FAILED or SKIPPED
     */
    public record TaskMarked(long runId, String taskId, String status) {
    }

    /**
     * {@code POST /dags/{dagId}/pause} and {@code /unpause}.
     *
     * @param dagId the DAG
     * @param paused whether it is paused now
     */
    public record DagPaused(String dagId, boolean paused) {
    }
}
