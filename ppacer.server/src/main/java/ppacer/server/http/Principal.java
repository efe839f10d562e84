package ppacer.server.http;

import java.util.List;
import java.util.Objects;

/**
 * Who made a request: the name of its API key (or {@link #TOKEN_NAME} for the {@code --token} key,
 * {@link #ANONYMOUS_NAME} without a key), its role and the DAG id glob patterns it may act on.
 *
 * @param name the key's name
 * @param role its role
 * @param dags DAG id glob patterns ({@code *} any characters, {@code ?} one); empty for every DAG
 * @param authenticated whether a key was checked (false for {@link #ANONYMOUS_NAME})
 */
public record Principal(String name, Role role, List<String> dags, boolean authenticated) {
    /** The name of the principal of the {@code --token} (PPACER_TOKEN) key. */
    public static final String TOKEN_NAME = "token";
    /** The name of a caller without a key (where none is needed). */
    public static final String ANONYMOUS_NAME = "anonymous";

    /** Validates. */
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        dags = List.copyOf(dags);
    }

    /** @return the principal of a caller without a key when the server requires none at all */
    static Principal open() {
        return new Principal(ANONYMOUS_NAME, Role.ADMIN, List.of(), false);
    }

    /** @return the principal of a caller without a key on a read that needs none */
    static Principal reader() {
        return new Principal(ANONYMOUS_NAME, Role.VIEWER, List.of(), false);
    }

    /**
     * @param dagId a DAG id
     * @return true when this principal's patterns allow it (always without patterns)
     */
    public boolean mayActOn(String dagId) {
        return dags.isEmpty() || dags.stream().anyMatch(p -> matches(p, dagId));
    }

    /**
     * @param pattern a glob: {@code *} matches any characters, {@code ?} one, others themselves
     * @param value the value
     * @return whether the whole value matches
     */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
