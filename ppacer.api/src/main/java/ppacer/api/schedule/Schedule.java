package ppacer.api.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a DAG runs. A schedule is a set of points in time from its start on; {@link #next(Instant)}
 * gives the first point strictly after a given instant.
 */
public sealed interface Schedule permits FixedSchedule, CronSchedule, CustomSchedule {

    /** @return the first instant the schedule may fire at; DAG validation requires one */
    Optional<Instant> start();

    /**
     * The first schedule point strictly after {@code after} and not before {@link #start()}.
     *
     * @param after an instant
     * @return the next point
     */
    Instant next(Instant after);

    /** @return a short text form (e.g. {@code "0 9 * * MON-FRI (Europe/Warsaw)"} or {@code "every 10s"}) */
    String describe();

    /**
     * This schedule or an asset condition: the DAG runs at each time point and also once per
     * satisfied asset condition ({@code cron("@daily").or(AssetCondition.all("a", "b"))}).
     *
     * @param assets the asset condition
     * @return the combined schedule, for {@code Dag.Builder.schedule(TimeOrAssets)}
     */
    default TimeOrAssets or(AssetCondition assets) {
        return new TimeOrAssets(this, assets);
    }

    /**
     * Every {@code interval}, anchored at {@code start}: start, start+interval, ...
     *
     * @param interval the period, positive
     * @param start the first point
     * @return the schedule
     */
    static FixedSchedule every(Duration interval, Instant start) {
        return new FixedSchedule(start, interval);
    }

    /**
     * A cron schedule in the system default time zone; set a start with
     * {@link CronSchedule#startingAt(Instant)}.
     *
     * @param expression a standard 5-field cron expression or a macro such as {@code @daily}
     * @return the schedule
     * @throws CronParseException when the expression does not parse
     */
    static CronSchedule cron(String expression) {
        return CronSchedule.parse(expression, ZoneId.systemDefault());
    }

    /**
     * A cron schedule evaluated in {@code zone}.
     *
     * @param expression a standard 5-field cron expression or a macro such as {@code @daily}
     * @param zone the IANA time zone the fields are read in
     * @return the schedule
     * @throws CronParseException when the expression does not parse
     */
    static CronSchedule cron(String expression, ZoneId zone) {
        return CronSchedule.parse(expression, zone);
    }
}
