package ppacer.api.protocol;

/**
 * Every HTTP error answer.
 *
 * @param error what went wrong, naming the value and what was expected
 * @param field the request field at fault, or null
 */
public record ErrorBody(String error, String field) {
}
