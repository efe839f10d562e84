package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator action, as the audit log stores it: written by a store in the transaction of the
 * change it records, and only when that change applied.
 *
 * @param at when
 * @param actor who ({@code token}, {@code anonymous}, {@code token:alice} when the caller claims a name,
 *     the name a Java caller gives)
 * @param address from where (the caller's address), empty for in-process callers
 * @param action what, e.g. {@code dag.pause}, {@code run.trigger}, {@code pool.set}
 * @param target the ids it applied to
 * @param before the state before (e.g. {@code FAILED}, {@code slots=4}), empty when there was nothing
 * @param after the state after, empty when nothing is left (a deleted pool)
 */
public record AuditEntry(Instant at, String actor, Optional<String> address, String action, AuditTarget target,
                         Optional<String> before, Optional<String> after) {
    /** Checks that no component is null. */
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /**
     * @param t the new target
     * @return this entry with it
     */
    public AuditEntry withTarget(AuditTarget t) {
        return new AuditEntry(at, actor, address, action, t, before, after);
    }

    /**
     * @param state the state after the action
     * @return this entry with it
     */
    public AuditEntry withAfter(String state) {
        return new AuditEntry(at, actor, address, action, target, before, Optional.of(state));
    }
}
