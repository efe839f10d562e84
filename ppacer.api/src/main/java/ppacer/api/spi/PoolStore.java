package ppacer.api.spi;

import java.util.List;
import java.util.Optional;

/**
 * The {@code pools} table: the size of each pool, as set by the configuration or an operator. Which
 * attempts hold slots is not stored here: it is derived from the attempts RUNNING in the store.
 */
public interface PoolStore {
    /** @return every pool, ordered by name */
    List<PoolRecord> list();

    /**
     * @param name a pool
     * @return the pool, empty when unknown
     */
    Optional<PoolRecord> find(String name);

    /**
     * Inserts the pool, or sets its size, time and author when it exists (one transaction).
     *
     * @param pool the pool
     */
    default void put(PoolRecord pool) {
        put(pool, Optional.empty());
    }

    /**
     * Inserts the pool, or sets its size, time and author when it exists, with the audit row in the
     * same transaction.
     *
     * @param pool the pool
     * @param audit the operator action to record with the change, if any
     */
    void put(PoolRecord pool, Optional<AuditEntry> audit);

    /**
     * Deletes a pool.
     *
     * @param name the pool
     * @return false when there was no such pool
     */
    default boolean delete(String name) {
        return delete(name, Optional.empty());
    }

    /**
     * Deletes a pool, with the audit row in the same transaction when it existed.
     *
     * @param name the pool
     * @param audit the operator action to record with the change, if any
     * @return false when there was no such pool (no audit row)
     */
    boolean delete(String name, Optional<AuditEntry> audit);
}
