package ppacer.api.protocol;

/**
 * A point in time as ppacer's API shows it, in the scheduler's zone.
 *
 * @param toDisplay e.g. {@code 2026-11-27 10:00:00}
 * @param date e.g. {@code 2026-11-27}
 * @param time e.g. {@code 10:00:00.000000}
 * @param timezone the zone id, e.g. {@code Europe/Warsaw}
 * @param iso with microseconds and offset, e.g. {@code 2026-11-27T10:00:00.000000+01:00}
 */
public record Timestamp(String toDisplay, String date, String time, String timezone, String iso) {
}
