package ppacer.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The optional API token. Compared in constant time (digests of equal length, {@link
 * MessageDigest#isEqual}); never logged and never in {@link #toString()}.
 */
final class BearerToken {
    private final Optional<byte[]> expectedDigest;

    private BearerToken(Optional<String> token) {
        this.expectedDigest = token.filter(t -> !t.isEmpty()).map(BearerToken::digest);
    }

    static BearerToken of(Optional<String> token) {
        return new BearerToken(token);
    }

    boolean required() {
        return expectedDigest.isPresent();
    }

    /**
     * @param authorization the Authorization header value, if any
     * @return true when no token is configured, or the header carries the right one
     */
    boolean accepts(Optional<String> authorization) {
        if (expectedDigest.isEmpty()) {
            return true;
        }
        String given = authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim()).orElse("");
        return MessageDigest.isEqual(expectedDigest.get(), digest(given));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return required() ? "BearerToken[required]" : "BearerToken[none]";
    }
}
