package ppacer.scheduler.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.TaskOutput;

/** What an executor reports about an attempt. */
public sealed interface TaskOutcome permits TaskOutcome.Success, TaskOutcome.Failed, TaskOutcome.Skipped {

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
}
