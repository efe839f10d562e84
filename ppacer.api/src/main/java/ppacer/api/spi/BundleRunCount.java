package ppacer.api.spi;

import java.util.Objects;

/**
 * How many runs started on one bundle version.
 *
 * @param hash the version's content hash
 * @param unfinished its runs not yet SUCCESS or FAILED
 * @param total all its runs
 */
public record BundleRunCount(String hash, long unfinished, long total) {
    /** Validates. */
    public BundleRunCount {
        Objects.requireNonNull(hash, "hash");
        if (unfinished < 0 || total < unfinished) {
            throw new IllegalArgumentException("run counts must be 0 <= unfinished <= total, were " + unfinished + " and " + total);
        }
    }
}
