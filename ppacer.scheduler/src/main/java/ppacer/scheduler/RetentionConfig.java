package ppacer.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.spi.PurgeCriteria;
import ppacer.scheduler.model.AssetEventPurger;
import ppacer.scheduler.model.AuditPurger;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.Purger;

/**
 * What the leader deletes on a timer, and how gently. Off by default (no age set, no purger).
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>runs</td><td>none</td><td>finished runs older than this go with all their data</td></tr>
 *   <tr><td>logs</td><td>none</td><td>task logs of finished runs older than this go; the runs stay</td></tr>
 *   <tr><td>assets</td><td>the runs' age</td><td>asset events older than this go, but the newest of each asset,
 *       those pending for a consumer DAG and those that triggered a stored run</td></tr>
 *   <tr><td>audit</td><td>365 days when anything else is set</td><td>audit-log rows older than this go</td></tr>
 *   <tr><td>keepLastPerDag</td><td>100</td><td>the latest runs of each DAG (by logical time) are never deleted</td></tr>
 *   <tr><td>batchSize</td><td>500</td><td>runs per transaction</td></tr>
 *   <tr><td>pause</td><td>200 ms</td><td>sleep between two batches, so that the scheduler's writes go between them</td></tr>
 *   <tr><td>interval</td><td>1 h</td><td>time between two cleans (the first comes at most 5 minutes after leadership)</td></tr>
 * </table>
 *
 * <p>Never deleted: unfinished runs, runs of a backfill that is RUNNING or PAUSED, the latest
 * {@code keepLastPerDag} runs of each DAG.
 *
 * @param purgers what is deleted, each kind with its own age, in this order
 * @param keepLastPerDag the latest runs of each DAG that stay
 * @param batchSize the most runs (or items) per transaction
 * @param pause the sleep between two batches
 * @param interval the time between two cleans
 */
public record RetentionConfig(List<Purger> purgers, int keepLastPerDag, int batchSize, Duration pause, Duration interval) {
    /** Validates. */
    public RetentionConfig {
        purgers = List.copyOf(purgers);
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(interval, "interval");
        for (Purger p : purgers) {
            if (!p.maxAge().isPositive()) {
                throw new InvalidInputException("retention age of " + p.kind() + " must be positive, was " + p.maxAge());
            }
        }
        if (keepLastPerDag < 0) {
            throw new InvalidInputException("retention keep-last-per-dag must be 0 or more, was " + keepLastPerDag);
        }
        if (batchSize < 1 || batchSize > PurgeCriteria.MAX_BATCH) {
            throw new InvalidInputException("retention batch-size must be 1.." + PurgeCriteria.MAX_BATCH + ", was " + batchSize);
        }
        if (pause.isNegative()) {
            throw new InvalidInputException("retention pause must not be negative, was " + pause);
        }
        if (!interval.isPositive()) {
            throw new InvalidInputException("retention interval must be positive, was " + interval);
        }
    }

    /** @return no retention: nothing is deleted on a timer (a clean on demand still can be run) */
    public static RetentionConfig off() {
        return builder().build();
    }

    /**
     * Reads an age: an ISO-8601 duration of days, hours, minutes or seconds ({@code P90D}, {@code PT12H},
     * {@code P1DT6H}), positive.
     *
     * @param what what the age is for, named in the error (e.g. {@code retention.runs})
     * @param text the text
     * @return the age
     * @throws InvalidInputException naming {@code what}, the text and the expected form
     */
    public static Duration parseAge(String what, String text) {
        Duration d = null;
        try {
            d = Duration.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            // reported below
        }
        if (d == null || !d.isPositive()) {
            throw new InvalidInputException(what + " must be a positive ISO-8601 duration such as P30D, PT12H or P1DT6H, was '"
                    + text + "'");
        }
        return d;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return true when a timer runs: at least one purger */
    public boolean enabled() {
        return !purgers.isEmpty();
    }

    /**
     * @param kind a purger's kind
     * @return the purger of that kind
     */
    public Optional<Purger> purger(String kind) {
        return purgers.stream().filter(p -> p.kind().equals(kind)).findFirst();
    }

    /** Builds a {@link RetentionConfig}. */
    public static final class Builder {
        private Duration runs;
        private Duration logs;
        private Duration audit;
        private Duration assets;
        private final List<Purger> extra = new ArrayList<>();
        private int keepLastPerDag = 100;
        private int batchSize = 500;
        private Duration pause = Duration.ofMillis(200);
        private Duration interval = Duration.ofHours(1);

        private Builder() {
        }

        /** @param maxAge finished runs older than this go (e.g. {@code Duration.ofDays(90)}) @return this builder */
        public Builder runs(Duration maxAge) {
            runs = Objects.requireNonNull(maxAge, "runs");
            return this;
        }

        /** @param maxAge task logs of finished runs older than this go @return this builder */
        public Builder logs(Duration maxAge) {
            logs = Objects.requireNonNull(maxAge, "logs");
            return this;
        }

        /**
         * @param maxAge audit-log rows older than this go; when retention is on and this is not set, a
         *     year ({@link AuditPurger#DEFAULT_MAX_AGE})
         * @return this builder
         */
        public Builder audit(Duration maxAge) {
            audit = Objects.requireNonNull(maxAge, "audit");
            return this;
        }

        /**
         * @param maxAge asset events older than this go (see {@link AssetEventPurger}); when not set, the
         *     age of runs, if set
         * @return this builder
         */
        public Builder assets(Duration maxAge) {
            assets = Objects.requireNonNull(maxAge, "assets");
            return this;
        }

        /** @param value another kind of data with its own age, cleaned after runs and logs @return this builder */
        public Builder purger(Purger value) {
            extra.add(Objects.requireNonNull(value, "purger"));
            return this;
        }

        /** @param value the latest runs of each DAG that stay (0 or more) @return this builder */
        public Builder keepLastPerDag(int value) {
            keepLastPerDag = value;
            return this;
        }

        /** @param value the most runs per transaction @return this builder */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** @param value the sleep between two batches @return this builder */
        public Builder pause(Duration value) {
            pause = Objects.requireNonNull(value, "pause");
            return this;
        }

        /** @param value the time between two cleans @return this builder */
        public Builder interval(Duration value) {
            interval = Objects.requireNonNull(value, "interval");
            return this;
        }

        /** @return the config */
        public RetentionConfig build() {
            List<Purger> all = new ArrayList<>();
            if (runs != null) {
                all.add(Purger.runs(runs));
            }
            if (logs != null) {
                all.add(Purger.logs(logs));
            }
            if (assets != null || runs != null) {
                all.add(new AssetEventPurger(assets != null ? assets : runs));
            }
            all.addAll(extra);
            if (audit != null || !all.isEmpty()) {
                all.add(new AuditPurger(audit != null ? audit : AuditPurger.DEFAULT_MAX_AGE));
            }
            return new RetentionConfig(all, keepLastPerDag, batchSize, pause, interval);
        }
    }
}
