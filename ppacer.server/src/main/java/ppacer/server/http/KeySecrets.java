package ppacer.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The format and hashing of API key secrets. A key reads {@code ppk_<id>_<secret>}: the id (12
 * hex digits, 48 random bits) is stored in clear and is what the key is looked up by; the secret (256
 * random bits, base64url) is stored only as SHA-256 of a per-key 128-bit salt and the secret, and is
 * compared with {@link MessageDigest#isEqual} (constant time).
 */
final class KeySecrets {
    static final String PREFIX = "ppk_";
    private static final int ID_HEX = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private KeySecrets() {
    }

    /**
     * A new key.
     *
     * @param id its id
     * @param secret the whole key as given to its holder (never stored)
     * @param salt hex
     * @param hash hex
     */
    record Minted(String id, String secret, String salt, String hash) {
        @Override
        public String toString() {
            return "Minted[id=" + id + "]";
        }
    }

    /** The parts of a presented key. */
    record Presented(String id, String secret) {
        @Override
        public String toString() {
            return "Presented[id=" + id + "]";
        }
    }

    static Minted mint() {
        byte[] id = new byte[ID_HEX / 2];
        byte[] secret = new byte[32];
        byte[] salt = new byte[16];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        RANDOM.nextBytes(salt);
        String idHex = HEX.formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Minted(idHex, PREFIX + idHex + "_" + secretText, HEX.formatHex(salt), HEX.formatHex(hash(salt, secretText)));
    }

    /**
     * @param key a presented key
     * @return its id and secret; empty when it is not of the form {@code ppk_<id>_<secret>}
     */
    static Optional<Presented> parse(String key) {
        int idEnd = PREFIX.length() + ID_HEX;
        if (!key.startsWith(PREFIX) || key.length() <= idEnd + 1 || key.charAt(idEnd) != '_') {
            return Optional.empty();
        }
        String id = key.substring(PREFIX.length(), idEnd);
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0 || Character.isUpperCase(id.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Presented(id, key.substring(idEnd + 1)));
    }

    /**
     * @param secret the presented secret (the part after the id)
     * @param saltHex the key's salt
     * @param hashHex the key's stored hash
     * @return whether they match, compared in constant time
     */
    static boolean matches(String secret, String saltHex, String hashHex) {
        return MessageDigest.isEqual(hash(HEX.parseHex(saltHex), secret), HEX.parseHex(hashHex));
    }

    private static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            return d.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
