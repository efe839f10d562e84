package ppacer.scheduler;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import ppacer.api.concurrent.BackgroundLoop;
import ppacer.api.concurrent.Backoff;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.StoreException;

/**
 * Keeps or seeks the store's leader lease on one thread. As leader it renews every
 * {@code renewInterval}; it steps down at once when a renewal says another node acquired the lease,
 * or when no renewal succeeded for {@code leaseTtl} (measured from the start of the last successful
 * renewal on this node's monotonic clock, so it always ends before the lease does in the database).
 * As standby it reads the lease and tries to acquire it as soon as the database says it expired.
 */
final class Leadership {
    private static final System.Logger LOG = System.getLogger(Leadership.class.getName());
    private static final Duration MIN_PAUSE = Duration.ofMillis(10);

    private final LeaderLease lease;
    private final HaConfig ha;
    private final Predicate<LeaderLeaseState> lead;
    private final Consumer<String> stepDown;
    private final AtomicLong takeovers = new AtomicLong();
    private volatile LeaderLeaseState held;
    private volatile Optional<LeaderLeaseState> seen = Optional.empty();
    private long validUntil;
    private volatile BackgroundLoop loop;

    /**
     * @param lease the store's lease
     * @param ha the settings
     * @param lead called with a fresh lease; true when this node now leads
     * @param stepDown called with the reason when the lease is lost
     */
    Leadership(LeaderLease lease, HaConfig ha, Predicate<LeaderLeaseState> lead, Consumer<String> stepDown) {
        this.lease = lease;
        this.ha = ha;
        this.lead = lead;
        this.stepDown = stepDown;
    }

    /**
     * Tries once to acquire the lease and lead.
     *
     * @param ttl the lease length
     * @return true when this node now leads
     */
    boolean tryLead(Duration ttl) {
        long t0 = System.nanoTime();
        Optional<LeaderLeaseState> before = seen;
        Optional<LeaderLeaseState> got = lease.tryAcquire(ha.nodeId(), ha.advertisedUrl(), ttl);
        if (got.isEmpty()) {
            seen = lease.current();
            return false;
        }
        validUntil = t0 + ttl.toNanos();
        held = got.get();
        seen = got;
        if (!lead.test(got.get())) {
            held = null;
            release(got.get());
            return false;
        }
        if (before.isPresent() && !before.get().leaderId().equals(ha.nodeId())) {
            takeovers.incrementAndGet(); // another node led while this one stood by: a takeover, not a start
        }
        LOG.log(Level.INFO, "Scheduler {0} leads at epoch {1}", ha.nodeId(), got.get().epoch());
        return true;
    }

    /** Starts watching/renewing the lease on its own thread. */
    void start() {
        // a failed round (a bug: store failures are handled in keep and seek) is retried soon, so the
        // leader still steps down before its lease ends
        loop = BackgroundLoop.named("ppacer-leadership-" + ha.nodeId()).logger(LOG)
                .backoff(() -> Backoff.fixed(MIN_PAUSE)).start(this::round);
    }

    private void round() throws InterruptedException {
        Duration pause = held != null ? keep() : seek();
        BackgroundLoop.sleep(pause.compareTo(MIN_PAUSE) < 0 ? MIN_PAUSE : pause); // the lease's own timing
    }

    private Duration keep() {
        LeaderLeaseState h = held;
        long t0 = System.nanoTime();
        boolean deposed = false;
        try {
            if (lease.renew(ha.nodeId(), h.epoch(), ha.leaseTtl())) {
                validUntil = t0 + ha.leaseTtl().toNanos();
            } else {
                deposed = true;
            }
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "Scheduler {0} could not renew its lease (epoch {1}): {2}", ha.nodeId(), h.epoch(),
                    e.getMessage());
        }
        long now = System.nanoTime();
        if (deposed || now - validUntil >= 0) {
            held = null;
            String reason = deposed ? "another scheduler acquired the lease after epoch " + h.epoch()
                    : "the lease of epoch " + h.epoch() + " could not be renewed within " + ha.leaseTtl();
            stepDown.accept(reason);
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.min(ha.renewInterval().toNanos(), validUntil - now));
    }

    private Duration seek() {
        try {
            if (tryLead(ha.leaseTtl())) {
                return ha.renewInterval();
            }
            Optional<LeaderLeaseState> s = seen;
            if (s.isPresent() && s.get().live()) {
                Duration left = s.get().remaining().plusMillis(5);
                return left.compareTo(ha.renewInterval()) < 0 ? left : ha.renewInterval();
            }
            return MIN_PAUSE;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "Standby scheduler {0} cannot read the lease: {1}", ha.nodeId(), e.getMessage());
            return ha.renewInterval();
        }
    }

    /** @return the lease this node holds, when leader */
    Optional<LeaderLeaseState> held() {
        return Optional.ofNullable(held);
    }

    /** @return the last lease read from the store */
    Optional<LeaderLeaseState> seen() {
        return seen;
    }

    /**
     * @return how often this node took the lead from another node: became leader after it had seen
     *     another node's lease while standing by (becoming leader at start, or again after its own
     *     lease, is not counted)
     */
    long takeovers() {
        return takeovers.get();
    }

    /** @return this node's settings */
    HaConfig ha() {
        return ha;
    }

    /** Stops the thread (without releasing the lease). */
    void close() {
        BackgroundLoop l = loop;
        if (l != null) {
            l.stopAndJoin(Duration.ofSeconds(10));
        }
    }

    /** Releases the lease when held, so a standby takes over at once. */
    void releaseHeld() {
        LeaderLeaseState h = held;
        held = null;
        if (h != null) {
            release(h);
        }
    }

    private void release(LeaderLeaseState l) {
        try {
            lease.release(ha.nodeId(), l.epoch());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "Scheduler {0} could not release its lease: {1}", ha.nodeId(), e.getMessage());
        }
    }
}
