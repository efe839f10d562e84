package ppacer.api;

import java.util.regex.Pattern;

/**
 * Rules for DAG and task ids: 1 to 128 characters from {@code [A-Za-z0-9_.-]}, starting with a
 * letter, digit or underscore. Ids appear in URLs, log lines and file names, so they stay plain.
 */
public final class Ids {
    /** The allowed id syntax. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private Ids() {
    }

    /**
     * Tells whether {@code id} is a valid DAG or task id.
     *
     * @param id the candidate id, may be null
     * @return true when the id matches {@link #PATTERN}
     */
    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    static String describeRule() {
        return "1-128 characters from [A-Za-z0-9_.-], not starting with '.' or '-'";
    }
}
