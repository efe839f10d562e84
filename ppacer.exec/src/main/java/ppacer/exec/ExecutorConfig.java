package ppacer.exec;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import ppacer.api.concurrent.Backoff;
import ppacer.api.spi.Tracing;

/**
 * Executor settings. Defaults: a random id {@code exec-xxxxxxxx}, 1000 concurrent tasks, 20 s
 * long polls, exponential idle/error backoff from 10 ms to 2 s, heartbeats every 3 s (a scheduler's
 * lease lasts 10 s without one by default), log batches of up to 500 records flushed every 200 ms,
 * 30 s graceful shutdown. A report is retried (with the backoff) until it is acknowledged or
 * refused for good, or the shutdown timeout of a closing executor has passed.
 *
 * @param executorId this executor's id, reported with every attempt
 * @param maxConcurrency how many attempts may run at once
 * @param longPollWait how long one take may wait at the scheduler
 * @param backoff creates the backoff used after empty answers and failures
 * @param heartbeatInterval how often running attempts extend their leases (at most a third of the
 *     scheduler's lease duration, so that a missed heartbeat or two does not lose an attempt)
 * @param logBatchSize largest number of log records per shipment
 * @param logFlushInterval how often buffered log records are shipped
 * @param shutdownTimeout how long {@link Executor#close()} waits for running attempts
 * @param clock the clock for deadlines and log times
 * @param tracing where the spans of executions go (a child of each attempt's span); {@link Tracing#OFF}
 *     by default, opened and closed by the caller. Off, no execution span is made and a task's
 *     {@code traceparent} is its attempt's as the scheduler handed it out
 */
public record ExecutorConfig(String executorId, int maxConcurrency, Duration longPollWait,
                             Supplier<Backoff> backoff, Duration heartbeatInterval, int logBatchSize,
                             Duration logFlushInterval, Duration shutdownTimeout,
                             InstantSource clock, Tracing tracing) {
    /** Validates. */
    public ExecutorConfig {
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tracing, "tracing");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
        if (logBatchSize < 1) {
            throw new IllegalArgumentException("logBatchSize must be at least 1, was " + logBatchSize);
        }
        if (longPollWait.isNegative() || longPollWait.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("longPollWait must be between 0 and 30s, was " + longPollWait);
        }
    }

    /** @return the defaults */
    public static ExecutorConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link ExecutorConfig}. */
    public static final class Builder {
        private Tracing tracing = Tracing.OFF;
        private String executorId = "exec-" + UUID.randomUUID().toString().substring(0, 8);
        private int maxConcurrency = 1000;
        private Duration longPollWait = Duration.ofSeconds(20);
        private Supplier<Backoff> backoff = () -> Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(2), 2.0);
        private Duration heartbeatInterval = Duration.ofSeconds(3);
        private int logBatchSize = 500;
        private Duration logFlushInterval = Duration.ofMillis(200);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** @param value the executor id @return this builder */
        public Builder executorId(String value) {
            executorId = value;
            return this;
        }

        /** @param value max concurrent attempts @return this builder */
        public Builder maxConcurrency(int value) {
            maxConcurrency = value;
            return this;
        }

        /** @param value long-poll wait, 0 to 30 s @return this builder */
        public Builder longPollWait(Duration value) {
            longPollWait = value;
            return this;
        }

        /** @param value creates the backoff after empty answers and failures @return this builder */
        public Builder backoff(Supplier<Backoff> value) {
            backoff = value;
            return this;
        }

        /** @param value heartbeat interval @return this builder */
        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        /** @param value log batch size @return this builder */
        public Builder logBatchSize(int value) {
            logBatchSize = value;
            return this;
        }

        /** @param value log flush interval @return this builder */
        public Builder logFlushInterval(Duration value) {
            logFlushInterval = value;
            return this;
        }

        /** @param value graceful shutdown wait @return this builder */
        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = value;
            return this;
        }

        /** @param value the clock @return this builder */
        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        /** @param value where execution spans go @return this builder */
        public Builder tracing(Tracing value) {
            tracing = Objects.requireNonNull(value, "tracing");
            return this;
        }

        /** @return the config */
        public ExecutorConfig build() {
            return new ExecutorConfig(executorId, maxConcurrency, longPollWait, backoff, heartbeatInterval, logBatchSize,
                    logFlushInterval, shutdownTimeout, clock, tracing);
        }
    }
}
