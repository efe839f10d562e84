package ppacer.api.spi;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The one-row scheduler leader lease of a store (see {@link Store#leadership()}). Any number of
 * scheduler processes may share a PostgreSQL or MySQL/MariaDB store; the one holding a live lease is
 * the leader, the others stand by. The lease is timed by the store's clock and carries a fencing
 * epoch that increases at every acquisition; writes through {@link Store#fenced(long)} with an older
 * epoch are refused with {@link StaleEpochException}.
 *
 * <p>A store whose lease is not {@link #shared()} (SQLite) serves a single scheduler process: the
 * lease is process-local and acquiring it while another process uses the store fails.
 */
public interface LeaderLease {
    /**
     * Takes the lease when it has expired or is already held by {@code nodeId}; either way the epoch
     * increases by one.
     *
     * @param nodeId the candidate's node id (unique per scheduler process)
     * @param advertisedUrl the URL executors should use to reach the candidate ("" for none)
     * @param ttl how long the lease lasts unless renewed
     * @return the new lease, or empty when another node holds a live lease
     * @throws StoreException when the store fails, or (non-shared stores) another process holds the store
     */
    Optional<LeaderLeaseState> tryAcquire(String nodeId, String advertisedUrl, Duration ttl);

    /**
     * Extends the lease to store-now + {@code ttl} when {@code nodeId} still holds it under {@code epoch}.
     *
     * @param nodeId the holder
     * @param epoch the epoch it acquired
     * @param ttl the new length
     * @return false when another acquisition happened since (the caller is deposed)
     */
    boolean renew(String nodeId, long epoch, Duration ttl);

    /**
     * Ends the lease now when {@code nodeId} still holds it under {@code epoch}, so a standby takes
     * over at once (graceful stop). The epoch stays; the next acquisition increases it.
     *
     * @param nodeId the holder
     * @param epoch its epoch
     */
    void release(String nodeId, long epoch);

    /** @return the lease as stored now (possibly expired), or empty when no node ever held it */
    Optional<LeaderLeaseState> current();

    /** @return true when several processes may contend for the lease (PostgreSQL, MySQL) */
    boolean shared();

    /**
     * A process-local lease timed by {@code clock}, for stores that serve one scheduler process.
     *
     * @param clock the clock timing the lease
     * @return a new lease nobody holds yet
     */
    static LeaderLease local(InstantSource clock) {
        return new LocalLeaderLease(clock);
    }
}
