package ppacer.server.http;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The role of an API key: what it may do ({@link Access}). */
public enum Role {
    /** Reads. */
    VIEWER(EnumSet.of(Access.READ)),
    /** Reads and operator actions (trigger, restart, clear, mark, pause, backfill). */
    OPERATOR(EnumSet.of(Access.READ, Access.OPERATE)),
    /** Everything, the executor API included (the {@code --token} of older versions is an admin key). */
    ADMIN(EnumSet.of(Access.READ, Access.OPERATE, Access.ADMIN, Access.EXECUTE)),
    /** The executor API only. */
    EXECUTOR(EnumSet.of(Access.EXECUTE));

    private final Set<Access> grants;

    Role(Set<Access> grants) {
        this.grants = grants;
    }

    boolean allows(Access access) {
        return access == Access.PUBLIC || grants.contains(access);
    }

    /** @return the name as stored and shown: lower case */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value a role name, any case
     * @return the role
     * @throws IllegalArgumentException naming the value and the roles, when unknown
     */
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + HttpProblem.shown(value) + "'; expected one of "
                + Arrays.stream(values()).map(Role::id).toList());
    }

    /** @return the roles that have {@code access}, lower case, for messages */
    static String holders(Access access) {
        return String.join(" or ", Arrays.stream(values()).filter(r -> r.allows(access)).map(Role::id).toList());
    }
}
