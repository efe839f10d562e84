package ppacer.api;

import java.util.regex.Pattern;

/**
 * The rule for asset names: a name or a URI such as {@code warehouse.orders} or
 * {@code s3://bucket/orders}, 1-255 characters, starting with a letter or digit, then letters,
 * digits and {@code . _ - : / @ + = ~ %}; no spaces, no query or fragment.
 */
public final class AssetNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-:/@+=~%]{0,254}");

    private AssetNames() {
    }

    /**
     * @param name a candidate asset name
     * @return whether it follows the rule
     */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @return the rule in words, for error messages */
    public static String describeRule() {
        return "1-255 characters: a letter or digit, then letters, digits or . _ - : / @ + = ~ % "
                + "(a name such as warehouse.orders or a URI such as s3://bucket/orders)";
    }
}
