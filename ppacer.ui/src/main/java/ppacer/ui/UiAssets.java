package ppacer.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The web UI's files, by their path under the UI's root ({@code index.html},
 * {@code js/app.js}, {@code css/ppacer.css}, ...). They are resources of this module, so a
 * runtime image that links {@code ppacer.ui} serves them, and one that leaves it out has no UI.
 */
public final class UiAssets {
    private static final String ROOT = "/ppacer-ui/";

    private UiAssets() {
    }

    /**
     * Reads one file. The caller checks the path (this method only refuses {@code ..} segments).
     *
     * @param file the path under the UI's root, e.g. {@code js/app.js}
     * @return its bytes, or empty when there is no such file
     * @throws IllegalArgumentException when the path leaves the UI's root
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static Optional<byte[]> read(String file) {
        Objects.requireNonNull(file, "file");
        if (file.startsWith("/") || file.equals("..") || file.startsWith("../") || file.contains("/../")
                || file.endsWith("/..")) {
            throw new IllegalArgumentException("UI file path '" + file + "' leaves the UI's root: expected a"
                    + " relative path such as js/app.js");
        }
        try (InputStream in = UiAssets.class.getResourceAsStream(ROOT + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read UI file " + ROOT + file, e);
        }
    }
}
