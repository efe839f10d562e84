package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system: a tmpfs mounted on a directory, which a filler file makes full
 * ({@link #fill()}) and deleting the filler frees ({@link #free()}). Mounting needs root: as
 * another user the test is skipped, naming the reason (CI runs as root).
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;
    private final Path filler;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /**
     * Mounts a tmpfs of {@code size} on {@code dir} (created if missing).
     *
     * @param dir the mount point
     * @param size the size, e.g. {@code 4m}
     * @return the mounted disk
     */
    public static SmallDisk mount(Path dir, String size) {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a small tmpfs to make the disk really full needs root; running as " + System.getProperty("user.name"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        return new SmallDisk(dir);
    }

    /** @return the mount point */
    public Path dir() {
        return dir;
    }

    /** Writes a filler file until the file system says it is full. */
    public void fill() {
        byte[] chunk = new byte[4096]; // tmpfs allocates pages: nothing stays free
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left"), "expected a full disk, got " + e);
        }
    }

    /** Deletes the filler. */
    public void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        run("umount", "-l", dir.toString());
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
            assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
