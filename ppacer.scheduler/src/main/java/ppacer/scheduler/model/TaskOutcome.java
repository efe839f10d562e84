package ppacer.scheduler.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
        return new Success(Optional.of(chosen));
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
     */
    record Success(Optional<List<String>> branch) implements TaskOutcome {
        /** A success without a branch decision. */
        static final Success PLAIN = new Success(Optional.empty());

        /** Validates and copies. */
        public Success {
            Objects.requireNonNull(branch, "branch");
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
