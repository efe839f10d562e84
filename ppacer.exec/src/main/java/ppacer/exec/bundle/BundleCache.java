package ppacer.exec.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An executor's disk cache of bundle jars, by hash: a jar it lacks is downloaded from the scheduler,
 * its content checked against the hash asked for (a mismatch is refused and nothing is kept),
 * written atomically, and the least recently used jars are removed while the cache is over its
 * size bound (the jar just fetched always stays). Concurrent asks for the same missing version
 * download it once.
 */
public final class BundleCache {
    private static final Logger LOG = System.getLogger(BundleCache.class.getName());

    /** Where jars come from: the scheduler's {@code GET /bundles/{hash}}. */
    @FunctionalInterface
    public interface Source {
        /**
         * @param hash the version
         * @return its jar's bytes, as received
         * @throws BundleException when the scheduler does not have it or cannot be reached
         */
        byte[] fetch(BundleHash hash);
    }

    private final Path dir;
    private final long maxBytes;
    private final Source source;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<BundleHash, CompletableFuture<Path>> inflight = new ConcurrentHashMap<>();

    /**
     * Creates a cache.
     *
     * @param dir its folder, created when missing
     * @param maxBytes the size bound
     * @param source where missing jars come from
     * @param clock stamps each use (the LRU order)
     */
    public BundleCache(Path dir, long maxBytes, Source source, InstantSource clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.source = source;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the bundle cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The jar of a version, downloaded when missing.
     *
     * @param hash the version
     * @return the cached jar
     * @throws BundleException when the download fails or its content does not match the hash
     */
    public Path jar(BundleHash hash) {
        Path target = dir.resolve(hash.hex() + ".jar");
        lock.lock();
        try {
            if (Files.isRegularFile(target)) {
                touch(target);
                return target;
            }
        } finally {
            lock.unlock();
        }
        // one download per version: concurrent callers of the same hash wait for the first one's
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = inflight.putIfAbsent(hash, mine);
        if (running != null) {
            return await(hash, running);
        }
        try {
            Path jar = download(hash, target);
            mine.complete(jar);
            return jar;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(hash, mine);
        }
    }

    private static Path await(BundleHash hash, CompletableFuture<Path> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BundleException b) {
                throw new BundleException(b.getMessage(), b);
            }
            throw new BundleException("Bundle " + hash + " cannot be had: " + e.getCause(), e.getCause());
        }
    }

    private Path download(BundleHash hash, Path target) {
        if (Files.isRegularFile(target)) { // a concurrent download just finished
            return target;
        }
        byte[] bytes = source.fetch(hash); // outside the lock: a slow download holds no other lookup
        BundleHash got = BundleHash.of(bytes);
        if (!got.equals(hash)) {
            throw new BundleException("Bundle " + hash + " refused: the downloaded content has hash " + got
                    + " (tampered or corrupted); nothing was cached");
        }
        lock.lock();
        try {
            BundleDeployer.writeAtomically(target, bytes);
            touch(target);
            evict(target);
            return target;
        } finally {
            lock.unlock();
        }
    }

    private void touch(Path jar) {
        try {
            Files.setLastModifiedTime(jar, FileTime.from(clock.instant()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot stamp " + jar + ": " + e.getMessage());
        }
    }

    private void evict(Path keep) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(BundleCache::modified)).toList();
            long total = 0;
            for (Path p : jars) {
                total += Files.size(p);
            }
            for (Path p : jars) {
                if (total <= maxBytes) {
                    break;
                }
                if (!p.equals(keep)) {
                    long size = Files.size(p);
                    Files.delete(p);
                    total -= size;
                    LOG.log(Level.INFO, "Evicted " + p.getFileName() + " from the bundle cache " + dir);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot trim the bundle cache " + dir + ": " + e.getMessage());
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** @return the cached jars' hashes, least recently used first */
    public List<BundleHash> cached() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(BundleCache::modified))
                    .map(p -> new BundleHash(p.getFileName().toString().replace(".jar", ""))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
