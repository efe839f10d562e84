package ppacer.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import ppacer.scheduler.model.InvalidInputException;

/**
 * High-availability settings of a {@link Scheduler}. Any number of schedulers may share one
 * PostgreSQL or MySQL/MariaDB store: the one holding the store's leader lease is RUNNING, the others
 * are {@link SchedulerState#STANDBY} and take over when the lease expires. On SQLite the scheduler is
 * alone: the lease is taken once at start and a second scheduler on the same file is refused.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>nodeId</td><td>{@code sched-<pid>-<random>}</td><td>unique per scheduler process; stored in the lease</td></tr>
 *   <tr><td>advertisedUrl</td><td>"" (none)</td><td>the URL executors use to reach this scheduler; standbys name it in their 503 answers</td></tr>
 *   <tr><td>leaseTtl</td><td>3 s</td><td>the lease lasts this long (database clock) unless renewed; a dead leader is replaced after at most this</td></tr>
 *   <tr><td>renewInterval</td><td>1 s</td><td>how often the leader renews; a leader that could not renew for {@code leaseTtl} steps down</td></tr>
 * </table>
 *
 * @param nodeId this scheduler's node id
 * @param advertisedUrl this scheduler's URL for executors, or ""
 * @param leaseTtl the lease length
 * @param renewInterval the renew period, shorter than the lease
 */
public record HaConfig(String nodeId, String advertisedUrl, Duration leaseTtl, Duration renewInterval) {
    /** Validates. */
    public HaConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(advertisedUrl, "advertisedUrl");
        if (nodeId.isBlank() || nodeId.length() > 255) {
            throw new InvalidInputException("nodeId must be 1-255 characters, was '" + nodeId + "'");
        }
        if (advertisedUrl.length() > 1024) {
            throw new InvalidInputException("advertisedUrl must be at most 1024 characters");
        }
        if (leaseTtl.compareTo(Duration.ofMillis(100)) < 0 || renewInterval.isNegative() || renewInterval.isZero()
                || renewInterval.compareTo(leaseTtl) >= 0) {
            throw new InvalidInputException("leaseTtl must be >= 100ms and renewInterval positive and shorter than"
                    + " leaseTtl, were " + leaseTtl + " and " + renewInterval);
        }
    }

    /** @return the defaults with a fresh node id */
    public static HaConfig defaults() {
        return new HaConfig("sched-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6), "",
                Duration.ofSeconds(3), Duration.ofSeconds(1));
    }

    /** @param id the node id @return a copy with it */
    public HaConfig withNodeId(String id) {
        return new HaConfig(id, advertisedUrl, leaseTtl, renewInterval);
    }

    /** @param url the advertised URL @return a copy with it */
    public HaConfig withAdvertisedUrl(String url) {
        return new HaConfig(nodeId, url, leaseTtl, renewInterval);
    }

    /**
     * @param ttl the lease length
     * @param renew the renew period (shorter than {@code ttl})
     * @return a copy with them
     */
    public HaConfig withLease(Duration ttl, Duration renew) {
        return new HaConfig(nodeId, advertisedUrl, ttl, renew);
    }
}
