package ppacer.cli.node;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What a long-running command ({@code run}, {@code scheduler}, {@code executor}) keeps running until
 * it is stopped: a scheduler node or an executor.
 */
public interface Running {
    /** @return the API's address, when it serves one */
    Optional<URI> uri();

    /** @return the task attempts running now, which a graceful stop waits for */
    int runningTasks();

    /** @return how long a graceful stop waits for running attempts */
    Duration stopTimeout();

    /**
     * @return completes exceptionally, with the reason, when this cannot go on by itself (an executor
     *     the scheduler refuses); never completes otherwise
     */
    CompletionStage<Void> failure();

    /** Stops gracefully: waits up to {@link #stopTimeout()} for running attempts. */
    void stop();
}
