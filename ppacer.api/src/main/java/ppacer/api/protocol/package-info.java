/**
 * The JSON messages exchanged between the scheduler and executors or clients over HTTP. Field
 * names follow ppacer's API ({@code dagId}, {@code execTs}, {@code taskId}, {@code retry}, ...), with
 * additions for leases, tokens, parameters and logs. Times are ISO-8601 strings with an offset
 * (e.g. {@code 2026-11-27T09:30:00.123456+01:00}) in the scheduler's zone.
 */
package ppacer.api.protocol;
