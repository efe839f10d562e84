package ppacer.api.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The scheduler leader lease as the store saw it: who holds it, under which fencing epoch, and for
 * how long. Times come from the store's clock (the database's, for shared stores), never from a node.
 *
 * @param epoch the fencing epoch; it increases at every acquisition, so a higher epoch is a later leader
 * @param leaderId the node id of the holder
 * @param url the holder's advertised URL (empty when it advertises none)
 * @param expiresAt when the lease ends unless renewed, by the store's clock
 * @param remaining how long the lease still ran when it was read (zero or negative: expired)
 */
public record LeaderLeaseState(long epoch, String leaderId, String url, Instant expiresAt, Duration remaining) {
    /** Validates. */
    public LeaderLeaseState {
        Objects.requireNonNull(leaderId, "leaderId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(remaining, "remaining");
    }

    /** @return true when the lease had not expired when it was read */
    public boolean live() {
        return remaining.isPositive();
    }
}
