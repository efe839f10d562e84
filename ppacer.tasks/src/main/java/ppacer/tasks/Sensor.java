package ppacer.tasks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.DagDefinitionException;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.TaskDeferredException;

/**
 * A task that waits for a condition without holding an executor slot: each poke checks the
 * condition once; when it is not met, the attempt ends DEFERRED and is poked again after the poke
 * interval (doubling with each poke under {@link Builder#exponentialBackoff}), until the condition is
 * met (SUCCESS) or the timeout, counted from the first poke's start, passes: then the attempt fails,
 * without a retry, with {@code sensor 'x' timed out after PT1H, 120 pokes; last: file /data/*.csv not found}. Pokes
 * are not retries; a condition that throws fails the attempt as any task does (and is retried per
 * its config).
 *
 * <pre>{@code
 * Sensor.builder("wait_for_orders", new FileExists("/data/orders/*.csv"))
 *         .pokeInterval(Duration.ofMinutes(1)).timeout(Duration.ofHours(6)).build();
 * }</pre>
 *
 * @param id the task id
 * @param condition what it waits for
 * @param pokeInterval the wait between pokes (the first, with a backoff)
 * @param timeout how long after the first poke's start it gives up
 * @param exponentialBackoff whether the wait doubles with each poke
 */
public record Sensor(String id, Condition condition, Duration pokeInterval, Duration timeout,
                     boolean exponentialBackoff) implements Task {
    /** The default {@link Builder#pokeInterval}. */
    public static final Duration DEFAULT_POKE_INTERVAL = Duration.ofSeconds(60);
    /** The default {@link Builder#timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofDays(7);

    /** What a sensor waits for, checked once per poke. */
    @FunctionalInterface
    public interface Condition {
        /**
         * @param context the poking attempt
         * @return empty when the condition is met; else why not yet (e.g. "file /data/*.csv not found")
         * @throws Exception a failure to check: fails the attempt
         */
        Optional<String> check(TaskContext context) throws Exception;

        /** @return the condition's settings, for the DAG's fingerprint (see {@link Task#definition()}) */
        default String definition() {
            return getClass().getName();
        }
    }

    /**
     * Validates: a positive interval and timeout, the interval not longer than the timeout.
     *
     * @throws DagDefinitionException naming the sensor and the values otherwise
     */
    public Sensor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(pokeInterval, "pokeInterval");
        Objects.requireNonNull(timeout, "timeout");
        if (!pokeInterval.isPositive()) {
            throw new DagDefinitionException("Sensor '" + id + "': the poke interval must be positive, was " + pokeInterval);
        }
        if (!timeout.isPositive()) {
            throw new DagDefinitionException("Sensor '" + id + "': the timeout must be positive, was " + timeout);
        }
        if (pokeInterval.compareTo(timeout) > 0) {
            throw new DagDefinitionException("Sensor '" + id + "': the poke interval " + pokeInterval
                    + " is longer than its timeout " + timeout + ", so it could poke only once; set a poke interval "
                    + "of at most " + timeout + " or a longer timeout");
        }
    }

    /**
     * Starts a sensor definition: {@link #DEFAULT_POKE_INTERVAL}, {@link #DEFAULT_TIMEOUT}, no backoff.
     *
     * @param id the task id
     * @param condition what it waits for
     * @return a builder
     */
    public static Builder builder(String id, Condition condition) {
        return new Builder(id, condition);
    }

    @Override
    public void execute(TaskContext context) throws Exception {
        Optional<String> notYet = condition.check(context);
        if (notYet.isEmpty()) {
            context.logger().info("Sensor '" + id + "': condition met after " + (context.pokes() + 1) + " poke(s)");
            return;
        }
        throw new TaskDeferredException(null, pokeInterval, notYet.get(), timeout, exponentialBackoff);
    }

    /** The condition's settings, the interval, timeout and backoff, for the DAG's fingerprint. */
    @Override
    public String definition() {
        return Definition.of(Sensor.class).add("condition", condition.definition())
                .add("pokeInterval", pokeInterval.toString()).add("timeout", timeout.toString())
                .add("exponentialBackoff", Boolean.toString(exponentialBackoff)).toString();
    }

    /** Builds a {@link Sensor}. */
    public static final class Builder {
        private final String id;
        private final Condition condition;
        private Duration pokeInterval = DEFAULT_POKE_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean backoff;

        private Builder(String id, Condition condition) {
            this.id = id;
            this.condition = condition;
        }

        /** @param interval the wait between pokes @return this */
        public Builder pokeInterval(Duration interval) {
            this.pokeInterval = interval;
            return this;
        }

        /** @param limit how long after the first poke's start to give up @return this */
        public Builder timeout(Duration limit) {
            this.timeout = limit;
            return this;
        }

        /** @param on whether the wait doubles with each poke @return this */
        public Builder exponentialBackoff(boolean on) {
            this.backoff = on;
            return this;
        }

        /**
         * @return the sensor
         * @throws DagDefinitionException when the interval is longer than the timeout, or either is not positive
         */
        public Sensor build() {
            return new Sensor(id, condition, pokeInterval, timeout, backoff);
        }
    }
}
