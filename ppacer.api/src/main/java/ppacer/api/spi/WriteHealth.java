package ppacer.api.spi;

import java.util.Objects;

/**
 * Whether a store accepts writes, as its latest writes showed: what a scheduler's readiness
 * reports. A write refused for the caller's own reason (a duplicate key, a lost compare-and-set, a
 * stale leader epoch) says nothing about the store and leaves the health as it was.
 */
public sealed interface WriteHealth {
    /** The health of a store whose latest write succeeded, or which has not failed one yet. */
    WriteHealth ACCEPTING = new Accepting();

    /** @return true when the store accepts writes */
    default boolean accepting() {
        return this instanceof Accepting;
    }

    /** The latest write succeeded (or none failed since the store opened). */
    record Accepting() implements WriteHealth {
    }

    /**
     * The latest write failed for a reason of the store (full disk, I/O error, damaged file,
     * unreachable database...).
     *
     * @param consecutiveFailures how many writes failed in a row, at least 1
     * @param error the latest failure's message, naming the store
     */
    record Failing(long consecutiveFailures, String error) implements WriteHealth {
        /** Validates. */
        public Failing {
            if (consecutiveFailures < 1) {
                throw new IllegalArgumentException("consecutiveFailures must be at least 1, was " + consecutiveFailures);
            }
            Objects.requireNonNull(error, "error");
        }
    }
}
