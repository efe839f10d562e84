package ppacer.api.protocol;

/**
 * A stored task output ({@code GET /dagruns/{runId}/tasks/{taskId}/output} and
 * {@code .../attempts/{attempt}/output}).
 *
 * @param runId the run
 * @param taskId the task
 * @param attempt the attempt that stored it
 * @param storedAt when (the attempt's success)
 * @param size the content's size in bytes
 * @param output the content: {@code text} for JSON and {@code text/*}, else {@code base64}
 */
public record TaskOutputView(long runId, String taskId, int attempt, String storedAt, int size, OutputBody output) {
}
