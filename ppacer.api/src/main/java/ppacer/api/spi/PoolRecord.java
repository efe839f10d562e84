package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the {@code pools} table: a named pool of slots shared by the tasks that declare it.
 *
 * @param name the pool
 * @param slots its size, 0 or more
 * @param updatedAt when its size was last set
 * @param updatedBy who set it: {@link #CONFIG} when seeded from the scheduler configuration, else
 *     the operator (e.g. {@code api})
 */
public record PoolRecord(String name, int slots, Instant updatedAt, String updatedBy) {
    /** {@link #updatedBy()} of a pool whose size comes from the scheduler configuration. */
    public static final String CONFIG = "config";

    /** Validates. */
    public PoolRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
        if (slots < 0) {
            throw new IllegalArgumentException("pool slots must be 0 or more, were " + slots);
        }
    }
}
