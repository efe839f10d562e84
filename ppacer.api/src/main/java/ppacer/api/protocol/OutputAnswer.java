package ppacer.api.protocol;

/**
 * The answer to an executor asking for a task's output of an earlier run
 * ({@code GET /dag/task/previous-output}).
 *
 * @param output the output, or null when no earlier run stored one
 */
public record OutputAnswer(OutputBody output) {
}
