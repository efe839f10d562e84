package ppacer.scheduler.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.TaskOutput;

/** What an executor reports about an attempt. */
public sealed interface TaskOutcome permits TaskOutcome.Success, TaskOutcome.Failed, TaskOutcome.Skipped,
        TaskOutcome.Deferred {

    /** @return the success outcome of a task that did not branch */
    static TaskOutcome success() {
        return Success.PLAIN;
    }

    /**
     * @param chosen the children a branching task chose (possibly none)
     * @return a success outcome carrying the branch decision
     */
    static TaskOutcome branched(List<String> chosen) {
        return new Success(Optional.of(chosen), Optional.empty());
    }

    /**
     * @param branch the children a branching task chose, or empty when it did not branch
     * @param output the task's output, or empty
     * @return a success outcome
     */
    static TaskOutcome success(Optional<List<String>> branch, Optional<TaskOutput> output) {
        return branch.isEmpty() && output.isEmpty() ? Success.PLAIN : new Success(branch, output);
    }

    /**
     * @param error what went wrong (message, stack trace)
     * @return a failure outcome
     */
    static TaskOutcome failed(String error) {
        return new Failed(error);
    }

    /**
     * @param reason why the task skipped itself
     * @return a skip outcome (short-circuit)
     */
    static TaskOutcome skipped(String reason) {
        return new Skipped(reason);
    }

    /**
     * @param until when to poke the attempt again
     * @param reason why the task is not done yet
     * @param timeout how long after the first poke's start to give up, if limited
     * @param backoff whether the wait doubles with each poke
     * @return a deferral outcome
     */
    static TaskOutcome deferred(java.time.Instant until, String reason, Optional<java.time.Duration> timeout,
                                boolean backoff) {
        return new Deferred(until, reason, timeout, backoff);
    }

    /**
     * The attempt succeeded.
     *
     * @param branch the children it chose, when it branched; absent means every child
     * @param output the output it stored, if any
     */
    record Success(Optional<List<String>> branch, Optional<TaskOutput> output) implements TaskOutcome {
        /** A success without a branch decision or output. */
        static final Success PLAIN = new Success(Optional.empty(), Optional.empty());

        /** Validates and copies. */
        public Success {
            Objects.requireNonNull(branch, "branch");
            Objects.requireNonNull(output, "output");
            branch = branch.map(List::copyOf);
        }
    }

    /**
     * The attempt failed.
     *
     * @param error the error text
     */
    record Failed(String error) implements TaskOutcome {
        /** Validates. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The task skipped itself ({@code SkipTaskException}): the attempt ends SKIPPED.
     *
     * @param reason the task's reason
     */
    record Skipped(String reason) implements TaskOutcome {
        /** Validates. */
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The task deferred itself ({@code TaskDeferredException}): the attempt ends DEFERRED, to be
     * handed out again at {@code until}.
     *
     * @param until when to poke it again
     * @param reason why the task is not done yet
     * @param timeout how long after the first poke's start the scheduler fails it, if limited
     * @param backoff whether the wait from the report to {@code until} doubles with each poke (the
     *     n-th poke waits 2^(n-1) times as long, at most {@link #MAX_BACKOFF_DOUBLINGS} doublings)
     */
    record Deferred(java.time.Instant until, String reason, Optional<java.time.Duration> timeout, boolean backoff)
            implements TaskOutcome {
        /** The most doublings of an exponential backoff. */
        public static final int MAX_BACKOFF_DOUBLINGS = 16;

        /** Validates. */
        public Deferred {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(timeout, "timeout");
        }
    }
}
