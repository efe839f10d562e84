package ppacer.api.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** A process-local lease timed by a clock: the lease of stores that serve one scheduler process. */
final class LocalLeaderLease implements LeaderLease {
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private long epoch;
    private String leaderId;
    private String url = "";
    private Instant expiresAt = Instant.MIN;

    LocalLeaderLease(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Optional<LeaderLeaseState> tryAcquire(String nodeId, String advertisedUrl, Duration ttl) {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (leaderId != null && !leaderId.equals(nodeId) && expiresAt.isAfter(now)) {
                return Optional.empty();
            }
            epoch++;
            leaderId = nodeId;
            url = advertisedUrl;
            expiresAt = now.plus(ttl);
            return Optional.of(lease(now));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean renew(String nodeId, long leaseEpoch, Duration ttl) {
        lock.lock();
        try {
            if (!held(nodeId, leaseEpoch)) {
                return false;
            }
            expiresAt = clock.instant().plus(ttl);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(String nodeId, long leaseEpoch) {
        lock.lock();
        try {
            if (held(nodeId, leaseEpoch)) {
                expiresAt = clock.instant();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<LeaderLeaseState> current() {
        lock.lock();
        try {
            return leaderId == null ? Optional.empty() : Optional.of(lease(clock.instant()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean shared() {
        return false;
    }

    private boolean held(String nodeId, long leaseEpoch) {
        return leaseEpoch == epoch && nodeId.equals(leaderId);
    }

    private LeaderLeaseState lease(Instant now) {
        return new LeaderLeaseState(epoch, leaderId, url, expiresAt, Duration.between(now, expiresAt));
    }
}
