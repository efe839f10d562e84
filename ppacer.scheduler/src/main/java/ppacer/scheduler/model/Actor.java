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

    /** The longest name and address the audit log stores. */
    public static final int MAX_LENGTH = 255;

    /**
     * Checks the components.
     *
     * @throws InvalidInputException when the name is blank or longer than {@value #MAX_LENGTH} characters,
     *     or the address is longer
     */
    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (name.isBlank() || name.length() > MAX_LENGTH) {
            throw new InvalidInputException("An actor's name must be 1-" + MAX_LENGTH + " characters, not blank; was '"
                    + (name.length() > 80 ? name.substring(0, 77) + "..." : name) + "'");
        }
        if (address.isPresent() && address.get().length() > MAX_LENGTH) {
            throw new InvalidInputException("An actor's address must be at most " + MAX_LENGTH + " characters, was "
                    + address.get().length());
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
