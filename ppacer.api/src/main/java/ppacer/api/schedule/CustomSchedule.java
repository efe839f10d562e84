package ppacer.api.schedule;

/**
 * A user-defined schedule, e.g. "Fridays 18:00 and Mondays 08:00, except holidays". Implement
 * {@link #start()}, {@link #next(java.time.Instant)} and {@link #describe()}; {@code next} must return
 * an instant strictly after its argument.
 */
public non-sealed interface CustomSchedule extends Schedule {
}
