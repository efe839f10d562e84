package ppacer.api.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Cron schedule. (Being implemented.) */
public final class CronSchedule implements Schedule {
    private CronSchedule() {
    }

    /**
     * Parses a cron expression.
     *
     * @param expression the expression
     * @param zone the zone
     * @return the schedule
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        throw new UnsupportedOperationException("cron parsing is being implemented: " + expression + " " + zone);
    }

    /**
     * A copy starting at {@code start}.
     *
     * @param start the start
     * @return the schedule
     */
    public CronSchedule startingAt(Instant start) {
        throw new UnsupportedOperationException("" + start);
    }

    @Override
    public Optional<Instant> start() {
        return Optional.empty();
    }

    @Override
    public Instant next(Instant after) {
        throw new UnsupportedOperationException("" + after);
    }

    @Override
    public String describe() {
        return "cron";
    }
}
