package ppacer.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why SQLite answered {@code SQLITE_CANTOPEN} ("unable to open database file", which never says why):
 * the path is a directory, its directory is missing, on a read-only file system, or not writable
 * (SQLite creates the file and, in WAL mode, its {@code -wal} and {@code -shm} files beside it), or the
 * file itself cannot be read or written.
 */
final class CannotOpen {
    private CannotOpen() {
    }

    /**
     * @param name the database file as given in the URL
     * @return the reason found on the file system, or empty when none of the known ones applies
     */
    static Optional<String> reason(String name) {
        Path file;
        try {
            file = Path.of(name).toAbsolutePath();
        } catch (RuntimeException e) {
            return Optional.empty(); // not a path this file system reads: SQLite's message stands
        }
        if (Files.isDirectory(file)) {
            return Optional.of("'" + file + "' is a directory, not a database file");
        }
        Path dir = file.getParent();
        if (dir == null) {
            return Optional.empty();
        }
        if (!Files.exists(dir)) {
            Path missing = dir;
            while (missing.getParent() != null && !Files.exists(missing.getParent())) {
                missing = missing.getParent();
            }
            return Optional.of("the directory '" + dir + "' does not exist" + (missing.equals(dir) ? ""
                    : " (nor does '" + missing + "')") + ": create it, or give a path in an existing directory");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("'" + dir + "' is not a directory");
        }
        try {
            if (Files.getFileStore(dir).isReadOnly()) {
                return Optional.of("the file system holding '" + dir + "' is read-only (mounted read-only): "
                        + "give a path on a writable one");
            }
        } catch (IOException e) {
            // cannot tell: go on with the permission checks
        }
        boolean exists = Files.exists(file);
        if (exists && !Files.isReadable(file)) {
            return Optional.of("'" + file + "' is not readable by this user");
        }
        if (!Files.isWritable(dir)) {
            return Optional.of("the directory '" + dir + "' is not writable by this user (SQLite creates "
                    + (exists ? "the -wal and -shm files" : "the database file and its -wal and -shm files") + " there)");
        }
        if (exists && !Files.isWritable(file)) {
            return Optional.of("'" + file + "' is not writable by this user");
        }
        return Optional.empty();
    }
}
