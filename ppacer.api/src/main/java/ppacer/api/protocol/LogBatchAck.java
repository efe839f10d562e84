package ppacer.api.protocol;

/**
 * The answer to a stored log batch ({@code POST /dag/task/logs}).
 *
 * @param accepted how many records were stored
 */
public record LogBatchAck(int accepted) {
}
