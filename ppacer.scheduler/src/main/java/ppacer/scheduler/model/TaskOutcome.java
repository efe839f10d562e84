package ppacer.scheduler.model;

import java.util.Objects;

/** What an executor reports about an attempt. */
public sealed interface TaskOutcome permits TaskOutcome.Success, TaskOutcome.Failed {

    /** @return the success outcome */
    static TaskOutcome success() {
        return Success.INSTANCE;
    }

    /**
     * @param error what went wrong (message, stack trace)
     * @return a failure outcome
     */
    static TaskOutcome failed(String error) {
        return new Failed(error);
    }

    /** The attempt succeeded. */
    enum Success implements TaskOutcome {
        /** The only value. */
        INSTANCE
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
}
