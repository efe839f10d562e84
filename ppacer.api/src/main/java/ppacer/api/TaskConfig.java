package ppacer.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-task settings, with defaults taken from the DAG ({@link Dag.Builder#defaultTaskConfig}).
 *
 * @param timeout how long an attempt may run (default 10 minutes; sub-second precision kept)
 * @param retries how many times a failed task is retried (default 0)
 * @param retryDelay the delay before each retry (default: none)
 * @param alertOnRetry notify when an attempt fails and will be retried (default false)
 * @param alertOnFailure notify when the task fails for good (default true)
 * @param notifier a notifier for this task instead of the scheduler's
 * @param priorityWeight larger runs first when tasks compete for executors (default 1)
 * @param triggerRule when the task runs given how its parents ended (default
 *     {@link TriggerRule#ALL_SUCCESS}); not used by teardown tasks ({@link Node#teardownOf(Node)})
 * @param pool the pool whose slots an attempt of this task holds while it runs (default: none, the
 *     task takes no pool slot); a pool id follows the rules of {@link Ids}
 * @param poolSlots how many slots of its pool an attempt holds (default 1, at least 1)
 * @param deadline when the task must be finished (default none): a miss alerts once, nothing stops
 */
public record TaskConfig(Duration timeout, int retries, RetryDelay retryDelay, boolean alertOnRetry,
                         boolean alertOnFailure, Optional<Notifier> notifier, int priorityWeight,
                         TriggerRule triggerRule, Optional<String> pool, int poolSlots,
                         Optional<Deadline> deadline) {

    /** The defaults: 10 minutes timeout, no retries, alerts on failure only, weight 1, ALL_SUCCESS, no pool. */
    public static final TaskConfig DEFAULT = new TaskConfig(Duration.ofMinutes(10), 0,
            RetryDelay.constant(Duration.ZERO), false, true, Optional.empty(), 1, TriggerRule.ALL_SUCCESS,
            Optional.empty(), 1, Optional.empty());

    /** Validates every field. */
    public TaskConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(triggerRule, "triggerRule");
        Objects.requireNonNull(pool, "pool");
        if (pool.isPresent() && !Ids.isValid(pool.get())) {
            throw new DagDefinitionException("Task pool '" + pool.get() + "' is not a valid pool id: "
                    + Ids.describeRule());
        }
        if (poolSlots < 1) {
            throw new DagDefinitionException("Task pool slots must be 1 or more, was " + poolSlots);
        }
        Objects.requireNonNull(deadline, "deadline");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DagDefinitionException("Task timeout must be positive, was " + timeout);
        }
        if (retries < 0) {
            throw new DagDefinitionException("Task retries must be 0 or more, was " + retries);
        }
    }

    /** @return a builder starting from {@link #DEFAULT} */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link TaskConfig}; every setter returns the builder. */
    public static final class Builder {
        private Duration timeout;
        private int retries;
        private RetryDelay retryDelay;
        private boolean alertOnRetry;
        private boolean alertOnFailure;
        private Optional<Notifier> notifier;
        private int priorityWeight;
        private TriggerRule triggerRule;
        private Optional<String> pool;
        private int poolSlots;
        private Optional<Deadline> deadline;

        private Builder(TaskConfig from) {
            timeout = from.timeout;
            retries = from.retries;
            retryDelay = from.retryDelay;
            alertOnRetry = from.alertOnRetry;
            alertOnFailure = from.alertOnFailure;
            notifier = from.notifier;
            priorityWeight = from.priorityWeight;
            triggerRule = from.triggerRule;
            pool = from.pool;
            poolSlots = from.poolSlots;
            deadline = from.deadline;
        }

        /** @param value the attempt timeout @return this builder */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /** @param value the number of retries @return this builder */
        public Builder retries(int value) {
            retries = value;
            return this;
        }

        /** @param value the delay policy before retries @return this builder */
        public Builder retryDelay(RetryDelay value) {
            retryDelay = value;
            return this;
        }

        /** @param value whether to alert on retry @return this builder */
        public Builder alertOnRetry(boolean value) {
            alertOnRetry = value;
            return this;
        }

        /** @param value whether to alert on final failure @return this builder */
        public Builder alertOnFailure(boolean value) {
            alertOnFailure = value;
            return this;
        }

        /** @param value the notifier for this task @return this builder */
        public Builder notifier(Notifier value) {
            notifier = Optional.of(value);
            return this;
        }

        /** @param value the priority weight, larger first @return this builder */
        public Builder priorityWeight(int value) {
            priorityWeight = value;
            return this;
        }

        /** @param value when the task runs given how its parents ended @return this builder */
        public Builder triggerRule(TriggerRule value) {
            triggerRule = value;
            return this;
        }

        /**
         * @param value the pool whose slots the task's attempts hold while they run (see
         *     {@code pools} in the scheduler configuration)
         * @return this builder
         */
        public Builder pool(String value) {
            pool = Optional.of(Objects.requireNonNull(value, "pool"));
            return this;
        }

        /** @return this builder, with no pool: attempts take no pool slot */
        public Builder noPool() {
            pool = Optional.empty();
            return this;
        }

        /** @param value how many slots of its pool an attempt holds, at least 1 @return this builder */
        public Builder poolSlots(int value) {
            poolSlots = value;
            return this;
        }

        /** @param value when the task must be finished (see {@link Deadline}) @return this builder */
        public Builder deadline(Deadline value) {
            deadline = Optional.of(Objects.requireNonNull(value, "deadline"));
            return this;
        }

        /** @return the config */
        public TaskConfig build() {
            return new TaskConfig(timeout, retries, retryDelay, alertOnRetry, alertOnFailure, notifier, priorityWeight,
                    triggerRule, pool, poolSlots, deadline);
        }
    }
}
