package ppacer.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import ppacer.api.schedule.CronSchedule;
import ppacer.api.schedule.FixedSchedule;
import ppacer.api.schedule.Schedule;

/**
 * The cost of one {@code Schedule.next(after)}: {@link CronSchedule} for a few expressions against
 * the O(1) {@link FixedSchedule} as a baseline, in the same run.
 *
 * <p>{@code after} is Friday 2026-04-10 17:50 UTC, so {@code *}{@code /15 9-17 * * MON-FRI} has to
 * skip the weekend to Monday 09:00, {@code 0 0 29 2 *} has to find the next leap day
 * (2028-02-29, from April), and {@code @hourly} only rounds up to 18:00.
 *
 * <p>Build and run:
 * <pre>
 * ./mvnw -o -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar CronNextBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CronNextBenchmark {
    /** Friday evening, after the business-hours window, in April (after Feb 29 of any year). */
    static final Instant AFTER = Instant.parse("2026-04-10T17:50:00Z");
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A cron schedule per expression. */
    @State(Scope.Benchmark)
    public static class Cron {
        /** The expression, read in UTC. */
        @Param({"*/15 9-17 * * MON-FRI", "0 0 29 2 *", "@hourly"})
        public String expression;
        Schedule schedule;

        /** Creates the state; JMH fills {@link #expression}. */
        public Cron() {
        }

        /** Parses the expression. */
        @Setup
        public void parse() {
            schedule = CronSchedule.parse(expression, ZoneOffset.UTC).startingAt(START);
        }
    }

    /** The baseline: every 10 seconds. */
    @State(Scope.Benchmark)
    public static class Fixed {
        final Schedule schedule = Schedule.every(Duration.ofSeconds(10), START);

        /** Creates the state. */
        public Fixed() {
        }
    }

    /** Creates the benchmark; JMH instantiates it. */
    public CronNextBenchmark() {
    }

    /**
     * @param state the cron schedule
     * @return the next point after {@link #AFTER}
     */
    @Benchmark
    public Instant cronNext(Cron state) {
        return state.schedule.next(AFTER);
    }

    /**
     * @param state the fixed schedule
     * @return the next point after {@link #AFTER}
     */
    @Benchmark
    public Instant fixedNextBaseline(Fixed state) {
        return state.schedule.next(AFTER);
    }
}
