package ppacer.exec.bundle;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;

/**
 * The DAG bundles a scheduler (or an executor) serves: the active version of each bundle, which new
 * runs use, and the older versions still pinned by runs that started on them. A version stays
 * loaded while it is active or pinned; when neither, it is dropped and its layer becomes collectable.
 * Also knows the image's built-in DAGs, whose ids no bundle may take. Thread-safe; loading happens
 * outside the lock, so a slow deploy holds nothing up.
 */
public final class Bundles {
    private static final Logger LOG = System.getLogger(Bundles.class.getName());

    private final DagRegistry builtin;
    private final BundleLoader loader;
    private final ReentrantLock lock = new ReentrantLock();
    /** Bundle name to its active version. */
    private final Map<String, LoadedBundle> active = new LinkedHashMap<>();
    /** Every loaded version, active or pinned. */
    private final Map<BundleHash, LoadedBundle> loaded = new HashMap<>();
    /** Runs (or tasks) pinning a version. */
    private final Map<BundleHash, Integer> pins = new HashMap<>();
    /** Told after the active versions changed. */
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The DAGs new runs use, built once per change. */
    private volatile DagRegistry current;

    /**
     * Creates an empty set.
     *
     * @param builtin the image's DAGs
     * @param loader loads bundles
     */
    public Bundles(DagRegistry builtin, BundleLoader loader) {
        this.builtin = builtin;
        this.loader = loader;
    }

    /**
     * Loads a bundle and makes it the active version of its name. Deploying the active version
     * again changes nothing. On a refusal, whatever was active stays active.
     *
     * @param name the bundle's name
     * @param jarOrFolder its jar or folder
     * @return the active version
     * @throws BundleException when it is refused (see {@link BundleLoader}), or one of its DAG ids is
     *     a built-in DAG's or another bundle's
     */
    public LoadedBundle deploy(String name, Path jarOrFolder) {
        return activate(loader.load(name, jarOrFolder));
    }

    /**
     * Makes a loaded bundle the active version of its name.
     *
     * @param bundle the bundle
     * @return the active version (the one given, or an equal one already active)
     * @throws BundleException when one of its DAG ids is a built-in DAG's or another bundle's
     */
    public LoadedBundle activate(LoadedBundle bundle) {
        LoadedBundle canonical;
        lock.lock();
        try {
            LoadedBundle current = active.get(bundle.name());
            if (current != null && current.hash().equals(bundle.hash())) {
                return current;
            }
            checkLocked(bundle);
            // a version still loaded (pinned by runs, e.g. on a roll-back) is served by its existing layer
            canonical = loaded.computeIfAbsent(bundle.hash(), h -> bundle);
            active.put(bundle.name(), canonical);
            if (current != null) {
                releaseIfUnused(current.hash());
            }
            this.current = null;
            LOG.log(Level.INFO, "Deployed " + canonical + (current == null ? "" : ", replacing " + current.hash().shortHex()));
        } finally {
            lock.unlock();
        }
        changed();
        return canonical;
    }

    /**
     * Checks that a bundle could be activated now, without activating it: none of its DAG ids is a
     * built-in DAG's or another active bundle's.
     *
     * @param bundle the bundle
     * @throws BundleException naming the DAG id and who provides it
     */
    public void check(LoadedBundle bundle) {
        lock.lock();
        try {
            checkLocked(bundle);
        } finally {
            lock.unlock();
        }
    }

    private void checkLocked(LoadedBundle bundle) {
        for (String dagId : bundle.dagIds()) {
            if (builtin.find(dagId).isPresent()) {
                throw new BundleException("Bundle '" + bundle.name() + "' (" + bundle.path() + ") refused: DAG id '"
                        + dagId + "' is a built-in DAG of the image");
            }
            for (LoadedBundle other : active.values()) {
                if (!other.name().equals(bundle.name()) && other.dags().find(dagId).isPresent()) {
                    throw new BundleException("Bundle '" + bundle.name() + "' (" + bundle.path() + ") refused: DAG id '"
                            + dagId + "' is already provided by bundle '" + other.name() + "' (" + other.path() + ")");
                }
            }
        }
    }

    /**
     * Registers what to do after the active versions changed (a deploy of a new version, an undeploy); called on
     * the changing thread, outside this set's lock.
     *
     * @param listener the listener
     */
    public void onChange(Runnable listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "A listener of bundle changes failed", e);
            }
        }
    }

    /**
     * Keeps a version loaded that is not active (e.g. loaded again after a restart for the runs that started on
     * it), until it is neither pinned nor active at an {@link #unpin(BundleHash)}.
     *
     * @param bundle the loaded version
     * @return the version served: the one given, or the one already loaded with that hash
     */
    public LoadedBundle retain(LoadedBundle bundle) {
        lock.lock();
        try {
            return loaded.computeIfAbsent(bundle.hash(), h -> bundle);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dag a DAG
     * @return the loaded version that defined this very DAG object, empty for a built-in DAG or one of no loaded
     *     version
     */
    public Optional<BundleHash> hashOf(Dag dag) {
        lock.lock();
        try {
            for (LoadedBundle b : loaded.values()) {
                if (b.dags().find(dag.id()).orElse(null) == dag) {
                    return Optional.of(b.hash());
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Retires a bundle: its DAGs leave {@link #current()}; runs pinning its versions keep them.
     *
     * @param name the bundle's name
     * @return the version that was active, or empty when none was
     */
    public Optional<LoadedBundle> undeploy(String name) {
        LoadedBundle was;
        lock.lock();
        try {
            was = active.remove(name);
            if (was == null) {
                return Optional.empty();
            }
            releaseIfUnused(was.hash());
            current = null;
            LOG.log(Level.INFO, "Undeployed " + was);
        } finally {
            lock.unlock();
        }
        changed();
        return Optional.of(was);
    }

    /**
     * Keeps a version loaded until a matching {@link #unpin(BundleHash)}, e.g. while a run started
     * on it is running.
     *
     * @param hash the version
     * @return the version
     * @throws BundleException when it is not loaded
     */
    public LoadedBundle pin(BundleHash hash) {
        lock.lock();
        try {
            LoadedBundle b = loaded.get(hash);
            if (b == null) {
                throw new BundleException("Bundle version " + hash + " is not loaded; loaded: " + loaded.keySet());
            }
            pins.merge(hash, 1, Integer::sum);
            return b;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends one {@link #pin(BundleHash)}; the version is dropped when it is neither pinned nor active.
     *
     * @param hash the version
     */
    public void unpin(BundleHash hash) {
        lock.lock();
        try {
            pins.computeIfPresent(hash, (h, n) -> n == 1 ? null : n - 1);
            releaseIfUnused(hash);
        } finally {
            lock.unlock();
        }
    }

    private void releaseIfUnused(BundleHash hash) {
        boolean isActive = active.values().stream().anyMatch(b -> b.hash().equals(hash));
        if (!isActive && !pins.containsKey(hash)) {
            LoadedBundle gone = loaded.remove(hash);
            if (gone != null) {
                LOG.log(Level.INFO, "Released " + gone);
            }
        }
    }

    /**
     * @param hash a version
     * @return the version when loaded (active or pinned)
     */
    public Optional<LoadedBundle> version(BundleHash hash) {
        lock.lock();
        try {
            return Optional.ofNullable(loaded.get(hash));
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dagId a DAG id
     * @return the active bundle that provides it, empty for a built-in or unknown DAG
     */
    public Optional<LoadedBundle> activeFor(String dagId) {
        lock.lock();
        try {
            return active.values().stream().filter(b -> b.dags().find(dagId).isPresent()).findFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Resolves a DAG as a run sees it: from the version it started with, or the built-in DAG when it
     * started with none.
     *
     * @param dagId the DAG id
     * @param hash the version the run started with, empty for a built-in DAG
     * @return the DAG, or empty when that version is not loaded or lacks the DAG
     */
    public Optional<Dag> dag(String dagId, Optional<BundleHash> hash) {
        if (hash.isEmpty()) {
            return builtin.find(dagId);
        }
        return version(hash.get()).flatMap(b -> b.dags().find(dagId));
    }

    /** @return the active versions, by name */
    public List<LoadedBundle> active() {
        lock.lock();
        try {
            return List.copyOf(active.values());
        } finally {
            lock.unlock();
        }
    }

    /** @return every loaded version (active or pinned) */
    public List<LoadedBundle> loaded() {
        lock.lock();
        try {
            return List.copyOf(loaded.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return the DAGs new runs use: the built-in ones, then the active bundles' (with their
     *     {@link DagRegistry#bundleHash(String)})
     */
    public DagRegistry current() {
        DagRegistry c = current;
        if (c != null) {
            return c;
        }
        lock.lock();
        try {
            if (current == null) {
                current = build();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    private DagRegistry build() {
        List<Dag> all = new ArrayList<>(builtin.dags());
        Map<String, String> hashes = new HashMap<>();
        for (LoadedBundle b : active()) {
            all.addAll(b.dags().dags());
            b.dagIds().forEach(id -> hashes.put(id, b.hash().hex()));
        }
        return DagRegistry.of(all).withBundleHashes(hashes);
    }
}
