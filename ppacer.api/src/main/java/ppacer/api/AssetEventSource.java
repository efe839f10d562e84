package ppacer.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Who produced an asset event: a task attempt of a DAG run, or an external system through the API. */
public sealed interface AssetEventSource {
    /** @return a short text form, e.g. {@code task etl/load run 12 attempt 0} or {@code external ci-bot} */
    String describe();

    /**
     * A task attempt that succeeded.
     *
     * @param dagId the producing DAG
     * @param runId its run
     * @param logicalTime the run's logical time
     * @param taskId the producing task
     * @param attempt the attempt number
     */
    record Task(String dagId, long runId, Instant logicalTime, String taskId, int attempt) implements AssetEventSource {
        /** Validates. */
        public Task {
            Objects.requireNonNull(dagId, "dagId");
            Objects.requireNonNull(logicalTime, "logicalTime");
            Objects.requireNonNull(taskId, "taskId");
        }

        @Override
        public String describe() {
            return "task " + dagId + "/" + taskId + " run " + runId + " attempt " + attempt;
        }
    }

    /**
     * An external system posting over the API.
     *
     * @param principal the API key's name (or {@code anonymous} without authentication)
     * @param address the client's address, when known
     */
    record External(String principal, Optional<String> address) implements AssetEventSource {
        /** Validates. */
        public External {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String describe() {
            return "external " + principal + address.map(a -> " from " + a).orElse("");
        }
    }
}
