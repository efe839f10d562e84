package ppacer.scheduler.core;

import java.util.Optional;
import ppacer.api.spi.AuditEntry;

/**
 * The audit row of an operator action made of several writes (a clear): it goes with the first of
 * them that applies, in that write's transaction, and with no other. An action none of whose writes
 * applies records nothing. Used under the run's lock, by one thread.
 */
final class PendingAudit {
    private Optional<AuditEntry> entry;

    PendingAudit(Optional<AuditEntry> entry) {
        this.entry = entry;
    }

    /** @return a pending row of no action: its writes record nothing */
    static PendingAudit none() {
        return new PendingAudit(Optional.empty());
    }

    /** @return the entry for the next write, empty once a write carried it */
    Optional<AuditEntry> next() {
        return entry;
    }

    /**
     * Notes the outcome of a write that carried {@link #next()}.
     *
     * @param applied whether it applied (and so wrote the row)
     */
    void written(boolean applied) {
        if (applied) {
            entry = Optional.empty();
        }
    }
}
