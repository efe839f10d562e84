package ppacer.scheduler.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditTarget;

/**
 * Who asks for an operator action, as the audit log records it.
 *
 * @param name who: {@code token} or {@code anonymous} over HTTP (with {@code :user} when the caller
 *     claims a user name), the name a Java caller gives (e.g. {@code java}, {@code ppacer test})
 * @param address the caller's address, empty for in-process callers
 */
public record Actor(String name, Optional<String> address) {
    /** The actor of the Scheduler methods that take none: an in-process Java caller. */
    public static final Actor JAVA = new Actor("java", Optional.empty());

    /** Checks the components. */
    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (name.isBlank()) {
            throw new IllegalArgumentException("An actor's name must not be blank");
        }
    }

    /**
     * @param name who, an in-process caller
     * @return the actor, without address
     */
    public static Actor named(String name) {
        return new Actor(name, Optional.empty());
    }

    /**
     * The audit row of an action of this actor.
     *
     * @param at when
     * @param action what, e.g. {@code dag.pause}
     * @param target the ids it applies to
     * @param before the state before, if any
     * @param after the state after, if any
     * @return the entry
     */
    public AuditEntry entry(Instant at, String action, AuditTarget target, Optional<String> before, Optional<String> after) {
        return new AuditEntry(at, name, address, action, target, before, after);
    }
}
