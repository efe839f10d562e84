package ppacer.exec.bundle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.Dag;
import ppacer.exec.DagLookup;

/**
 * An HTTP executor's DAGs: those built into the image and the {@code --dags} folder's (a run without
 * a bundle hash, or whose hash is a folder bundle's), and any other bundle version by its hash: its
 * jar from the {@link BundleCache} (downloaded from the scheduler and verified the first time, then
 * read from disk, across restarts too) loaded in a layer of its own. Concurrent attempts of a version
 * not yet loaded load it once. The last {@code maxLoaded} versions used stay loaded; an older one is
 * loaded again from the cache when asked for.
 */
public final class BundleLookup implements DagLookup {
    private final Bundles local;
    private final BundleCache cache;
    private final BundleLoader loader;
    private final int maxLoaded;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<BundleHash, LoadedBundle> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private final ConcurrentHashMap<BundleHash, CompletableFuture<LoadedBundle>> loading = new ConcurrentHashMap<>();

    /**
     * Creates the lookup.
     *
     * @param local the image's DAGs and the DAG folder's bundles
     * @param cache where other versions' jars come from
     * @param loader loads them
     * @param maxLoaded how many downloaded versions stay loaded at most, 1 or more
     */
    public BundleLookup(Bundles local, BundleCache cache, BundleLoader loader, int maxLoaded) {
        this.local = Objects.requireNonNull(local, "local");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.loader = Objects.requireNonNull(loader, "loader");
        if (maxLoaded < 1) {
            throw new IllegalArgumentException("maxLoaded must be 1 or more, was " + maxLoaded);
        }
        this.maxLoaded = maxLoaded;
    }

    @Override
    public Optional<Dag> find(String dagId, String bundleHash) {
        if (bundleHash == null) {
            return local.current().find(dagId);
        }
        BundleHash hash = new BundleHash(bundleHash);
        Optional<LoadedBundle> folder = local.version(hash);
        if (folder.isPresent()) {
            return folder.get().dags().find(dagId);
        }
        LoadedBundle version = version(hash);
        Optional<Dag> dag = version.dags().find(dagId);
        if (dag.isEmpty()) {
            throw new BundleException("Bundle version " + hash + " provides no DAG '" + dagId + "'; it provides "
                    + version.dagIds());
        }
        return dag;
    }

    /**
     * @param hash a version
     * @return it loaded: from memory, else from the cache's jar (downloaded when missing)
     * @throws BundleException when it cannot be downloaded, does not match its hash, or is refused
     */
    LoadedBundle version(BundleHash hash) {
        lock.lock();
        try {
            LoadedBundle b = loaded.get(hash);
            if (b != null) {
                return b;
            }
        } finally {
            lock.unlock();
        }
        CompletableFuture<LoadedBundle> mine = new CompletableFuture<>();
        CompletableFuture<LoadedBundle> running = loading.putIfAbsent(hash, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof BundleException b ? new BundleException(b.getMessage(), b)
                        : new BundleException("Bundle version " + hash + " cannot be loaded: " + e.getCause(), e.getCause());
            }
        }
        try {
            LoadedBundle b = loader.load(hash.shortHex(), cache.jar(hash), "bundle version " + hash);
            lock.lock();
            try {
                loaded.put(hash, b);
                while (loaded.size() > maxLoaded) {
                    loaded.remove(loaded.keySet().iterator().next());
                }
            } finally {
                lock.unlock();
            }
            mine.complete(b);
            return b;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(hash, mine);
        }
    }
}
