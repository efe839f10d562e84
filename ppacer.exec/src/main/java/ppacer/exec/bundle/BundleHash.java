package ppacer.exec.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The identity of a bundle version: the SHA-256 of its content, in lower-case hex. A single jar
 * hashes as its bytes; a folder of jars as the names and bytes of its {@code *.jar} files in name
 * order, so the same content always has the same hash wherever it is stored.
 *
 * @param hex the 64 hex digits
 */
public record BundleHash(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks the digits.
     *
     * @param hex the digits
     * @throws BundleException when they are not 64 lower-case hex digits
     */
    public BundleHash {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new BundleException("Bundle hash '" + hex + "' is not a SHA-256 in lower-case hex (64 digits 0-9a-f)");
        }
    }

    /**
     * @param bytes a jar's bytes
     * @return their hash
     */
    public static BundleHash of(byte[] bytes) {
        MessageDigest sha = sha256();
        sha.update(bytes);
        return new BundleHash(HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * @param jarOrFolder a jar, or a folder of jars
     * @return the hash of its content
     * @throws UncheckedIOException when it cannot be read
     */
    public static BundleHash of(Path jarOrFolder) {
        MessageDigest sha = sha256();
        try {
            if (Files.isDirectory(jarOrFolder)) {
                for (Path jar : jars(jarOrFolder)) {
                    sha.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    digest(sha, jar);
                }
            } else {
                digest(sha, jarOrFolder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundle " + jarOrFolder + ": " + e.getMessage(), e);
        }
        return new BundleHash(HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * @param folder a folder
     * @return its {@code *.jar} files, by name
     * @throws IOException when it cannot be listed
     */
    static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    private static void digest(MessageDigest sha, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /** @return the first 12 digits, for logs and listings */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return hex;
    }
}
