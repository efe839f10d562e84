package ppacer.exec.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import ppacer.api.Ids;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.BundleStore;
import ppacer.api.spi.BundleVersionRecord;

/**
 * Deploys DAG bundles durably: the jar goes to the content folder under its hash (written to a
 * temporary file, forced to disk, then renamed atomically), is loaded and checked, and only then is
 * its version recorded as active in the store (one transaction) and served. The store says which
 * version is active, so a crash at any point leaves the old version or the new one active, never a
 * half: a temporary file is ignored (and removed at {@link #restore()}), a jar without its row is an
 * unused file. A refused bundle changes nothing stored.
 */
public final class BundleDeployer {
    private static final Logger LOG = System.getLogger(BundleDeployer.class.getName());
    private static final String TMP = ".tmp";

    private final Path contentDir;
    private final Bundles bundles;
    private final BundleLoader loader;
    private final BundleStore store;
    private final InstantSource clock;
    /** One deploy or undeploy at a time: a check, the store's write and the switch go together. */
    private final java.util.concurrent.locks.ReentrantLock deploying = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Creates a deployer.
     *
     * @param contentDir the folder of deployed jars, named {@code <hash>.jar}; created when missing
     * @param bundles the bundles served
     * @param loader loads bundles
     * @param store the store's bundle versions
     * @param clock the deploy times
     */
    public BundleDeployer(Path contentDir, Bundles bundles, BundleLoader loader, BundleStore store, InstantSource clock) {
        this.contentDir = contentDir;
        this.bundles = bundles;
        this.loader = loader;
        this.store = store;
        this.clock = clock;
        try {
            Files.createDirectories(contentDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the bundle folder " + contentDir + ": " + e.getMessage(), e);
        }
    }

    /** @return the store's bundle versions */
    public BundleStore store() {
        return store;
    }

    /** @return the bundles served */
    public Bundles bundles() {
        return bundles;
    }

    /**
     * Deploys an uploaded jar.
     *
     * @param name the bundle's name (a valid id: letters, digits, {@code _ . -})
     * @param jar the jar's bytes
     * @param by who deploys it
     * @return the active version
     * @throws BundleException when the name is invalid or the bundle is refused; nothing changed then
     */
    public Deployed deploy(String name, byte[] jar, String by) {
        return deploy(name, jar, by, Optional.empty());
    }

    /**
     * Deploys an uploaded jar and, when a new version becomes active, writes its audit row in the
     * transaction that records it ({@link BundleStore#deploy(String, String, List, java.time.Instant,
     * String, Optional)}).
     *
     * @param name the bundle's name (a valid id: letters, digits, {@code _ . -})
     * @param jar the jar's bytes
     * @param by who deploys it
     * @param audit the audit row, if any
     * @return the active version
     * @throws BundleException when the name is invalid or the bundle is refused; nothing changed then
     */
    public Deployed deploy(String name, byte[] jar, String by, Optional<AuditEntry> audit) {
        return deploy(name, jar, by, "'" + name + "' (uploaded by " + by + ")", audit);
    }

    private Deployed deploy(String name, byte[] jar, String by, String origin, Optional<AuditEntry> audit) {
        if (!Ids.isValid(name)) {
            throw new BundleException("Bundle name '" + name + "' is invalid; expected " + Ids.PATTERN.pattern());
        }
        BundleHash hash = BundleHash.of(jar);
        Path target = file(hash);
        boolean written = false;
        if (!Files.isRegularFile(target)) {
            writeAtomically(target, jar);
            written = true;
        }
        try {
            return activate(loader.load(name, target, origin), by, audit);
        } catch (RuntimeException e) {
            if (written && store.findByHash(hash.hex()).isEmpty()) {
                deleteQuietly(target);
            }
            throw e;
        }
    }

    /**
     * Deploys a jar or folder of jars from the file system (e.g. the watched DAG folder). A jar is
     * copied into the content folder first; a folder is loaded where it is.
     *
     * @param name the bundle's name
     * @param jarOrFolder the jar or folder
     * @param by who deploys it
     * @return the active version
     * @throws BundleException when the bundle is refused; nothing changed then
     */
    public Deployed deploy(String name, Path jarOrFolder, String by) {
        if (Files.isDirectory(jarOrFolder)) {
            if (!Ids.isValid(name)) {
                throw new BundleException("Bundle name '" + name + "' of " + jarOrFolder + " is invalid; expected "
                        + Ids.PATTERN.pattern());
            }
            return activate(loader.load(name, jarOrFolder), by, Optional.empty());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(jarOrFolder);
        } catch (IOException e) {
            throw new BundleException("Bundle " + jarOrFolder + " refused: it cannot be read: " + e.getMessage(), e);
        }
        return deploy(name, bytes, by, jarOrFolder.toString(), Optional.empty());
    }

    /**
     * Checks, records, then serves: the store's row is written before the new version is served (and
     * before the scheduler hears of it), so no run is ever created on a version the store does not
     * know as active, even across a crash between the two. Deploys go one at a time, so the check
     * still holds when the version is served.
     */
    private Deployed activate(LoadedBundle loaded, String by, Optional<AuditEntry> audit) {
        deploying.lock();
        try {
            bundles.check(loaded);
            BundleVersionRecord row = store.deploy(loaded.name(), loaded.hash().hex(), loaded.dagIds(), clock.instant(), by,
                    audit);
            return new Deployed(bundles.activate(loaded), row);
        } finally {
            deploying.unlock();
        }
    }

    /**
     * Retires a bundle: no version of it stays active; runs on its versions finish.
     *
     * @param name the bundle's name
     * @return the version that was active, empty when none was
     */
    public Optional<BundleVersionRecord> undeploy(String name) {
        return undeploy(name, Optional.empty());
    }

    /**
     * Retires a bundle and, when a version of it was active, writes the audit row in the transaction
     * that records it.
     *
     * @param name the bundle's name
     * @param audit the audit row, if any
     * @return the version that was active, empty when none was
     */
    public Optional<BundleVersionRecord> undeploy(String name, Optional<AuditEntry> audit) {
        deploying.lock();
        try {
            Optional<BundleVersionRecord> was = store.undeploy(name, audit);
            bundles.undeploy(name);
            return was;
        } finally {
            deploying.unlock();
        }
    }

    /**
     * Serves again what the store says is active (at start): loads each active version's jar.
     * Removes temporary files a crash left. A version that fails to load is logged and skipped.
     *
     * @return the versions loaded
     */
    public List<LoadedBundle> restore() {
        try (Stream<Path> files = Files.list(contentDir)) {
            for (Path tmp : files.filter(p -> p.getFileName().toString().endsWith(TMP)).toList()) {
                deleteQuietly(tmp);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot list the bundle folder " + contentDir + ": " + e.getMessage());
        }
        List<LoadedBundle> out = new ArrayList<>();
        for (BundleVersionRecord row : store.active()) {
            Path jar = file(new BundleHash(row.hash()));
            if (!Files.isRegularFile(jar)) {
                LOG.log(Level.INFO, "Active version " + row.version() + " of bundle '" + row.bundle() + "' has no jar in "
                        + contentDir + " (a folder bundle): served when its DAG folder is scanned");
                continue;
            }
            try {
                out.add(bundles.activate(loader.load(row.bundle(), jar)));
            } catch (BundleException e) {
                LOG.log(Level.ERROR, "Active version " + row.version() + " of bundle '" + row.bundle() + "' not served: "
                        + e.getMessage());
            }
        }
        return out;
    }

    /**
     * A version for the runs that started on it: the loaded one, else loaded again from its jar in the content
     * folder (e.g. after a restart, for a run that started before the active version changed) and kept loaded
     * ({@link Bundles#retain}) until no run pins it.
     *
     * @param hash the version
     * @return the version, empty when it is neither loaded nor in the content folder
     * @throws BundleException when its jar no longer loads
     */
    public Optional<LoadedBundle> version(BundleHash hash) {
        Optional<LoadedBundle> loaded = bundles.version(hash);
        if (loaded.isPresent()) {
            return loaded;
        }
        Optional<Path> jar = jar(hash);
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        String name = store.findByHash(hash.hex()).map(BundleVersionRecord::bundle)
                .orElseGet(() -> BundleLoader.nameOf(jar.get()));
        LOG.log(Level.INFO, "Loading version " + hash.shortHex() + " of bundle '" + name + "' again for its runs");
        return Optional.of(bundles.retain(loader.load(name, jar.get())));
    }

    /**
     * @param hash a version
     * @return its jar, when this deployer has it
     */
    public Optional<Path> jar(BundleHash hash) {
        Path f = file(hash);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    private Path file(BundleHash hash) {
        return contentDir.resolve(hash.hex() + ".jar");
    }

    /**
     * Writes a file so that it appears whole or not at all: a temporary file in the same folder,
     * forced to disk, renamed atomically, and the folder forced.
     *
     * @param target the file
     * @param bytes its content
     */
    static void writeAtomically(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), TMP);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Folder " + dir + " cannot be forced on this platform: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot delete " + p + ": " + e.getMessage());
        }
    }

    /**
     * A deployed bundle: what is served and what is stored.
     *
     * @param bundle the loaded version
     * @param row its row in the store
     */
    public record Deployed(LoadedBundle bundle, BundleVersionRecord row) {
    }
}
