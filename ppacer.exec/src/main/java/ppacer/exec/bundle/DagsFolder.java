package ppacer.exec.bundle;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The DAG folder ({@code --dags DIR}): each {@code *.jar} in it, and each sub-folder of jars, is a
 * bundle named after the file or folder. {@link #scan()} deploys what is new or changed and retires
 * what was removed; {@link #start()} watches the folder and scans once it has been quiet for the
 * debounce period (a jar being copied in is not loaded half written). A bad bundle is logged and
 * left out; its previous version keeps serving.
 */
public final class DagsFolder implements AutoCloseable {
    /** {@link ppacer.api.spi.BundleVersionRecord#deployedBy()} of the versions deployed from the folder. */
    public static final String DEPLOYED_BY = "dags-dir";
    private static final Logger LOG = System.getLogger(DagsFolder.class.getName());

    private final Path dir;
    private final BundleDeployer deployer;
    private final Duration debounce;
    /** The bundles this folder deployed, so that a removed file retires only its own bundle. */
    private final Set<String> mine = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile WatchService watch;
    private volatile Thread thread;

    /**
     * Creates the folder's watcher (not started).
     *
     * @param dir the folder
     * @param deployer deploys its bundles
     * @param debounce how long the folder must be quiet before a scan
     */
    public DagsFolder(Path dir, BundleDeployer deployer, Duration debounce) {
        this.dir = dir;
        this.deployer = deployer;
        this.debounce = debounce;
    }

    /**
     * Deploys the folder's new or changed bundles and retires the ones removed from it.
     *
     * @return each bundle's refusal message, by name (empty when every bundle serves)
     */
    public Map<String, String> scan() {
        Map<String, String> refused = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        List<Path> entries;
        try (Stream<Path> files = Files.list(dir)) {
            entries = files.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot list the DAG folder " + dir + ": " + e.getMessage());
            return Map.of(dir.toString(), "cannot be listed: " + e.getMessage());
        }
        for (Path p : entries) {
            String name = BundleLoader.nameOf(p);
            present.add(name);
            try {
                BundleHash hash = BundleHash.of(p);
                Optional<LoadedBundle> active = deployer.bundles().active().stream()
                        .filter(b -> b.name().equals(name)).findFirst();
                if (active.isPresent() && active.get().hash().equals(hash)) {
                    mine.add(name);
                    continue;
                }
                deployer.deploy(name, p, DEPLOYED_BY);
                mine.add(name);
            } catch (RuntimeException e) {
                refused.put(name, e.getMessage());
                LOG.log(Level.ERROR, e.getMessage());
            }
        }
        for (String name : Set.copyOf(mine)) {
            if (!present.contains(name)) {
                deployer.undeploy(name);
                mine.remove(name);
                LOG.log(Level.INFO, "Bundle '" + name + "' left the DAG folder " + dir + ": retired");
            }
        }
        return refused;
    }

    /**
     * Scans, then watches the folder on a daemon thread until {@link #close()}.
     *
     * @return the first scan's refusals, by name
     * @throws IOException when the folder cannot be watched
     */
    public Map<String, String> start() throws IOException {
        Map<String, String> first = scan();
        WatchService ws = dir.getFileSystem().newWatchService();
        dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watch = ws;
        thread = Thread.ofPlatform().daemon().name("ppacer-dags-folder").start(() -> loop(ws));
        return first;
    }

    private void loop(WatchService ws) {
        try {
            while (true) {
                WatchKey key = ws.take();
                key.pollEvents();
                key.reset();
                // debounce: wait until nothing more happens for the period
                for (WatchKey more = ws.poll(debounce.toMillis(), TimeUnit.MILLISECONDS); more != null;
                        more = ws.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) {
                    more.pollEvents();
                    more.reset();
                }
                scan();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.log(Level.DEBUG, "DAG folder watcher of " + dir + " stopped");
        }
    }

    @Override
    public void close() throws IOException {
        WatchService ws = watch;
        if (ws != null) {
            ws.close();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
