package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import ppacer.api.TaskOutput;

/**
 * An output as stored: the attempt that produced it, the output, and when it was stored.
 *
 * @param key the attempt
 * @param output the output
 * @param storedAt when its attempt succeeded
 */
public record StoredOutput(AttemptKey key, TaskOutput output, Instant storedAt) {
    /** Validates. */
    public StoredOutput {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(storedAt, "storedAt");
    }
}
