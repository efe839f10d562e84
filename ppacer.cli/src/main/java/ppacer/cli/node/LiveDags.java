package ppacer.cli.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.Bundles;
import ppacer.exec.bundle.DagsFolder;
import ppacer.server.BundleCatalog;

/**
 * The DAGs of a {@code ppacer run} or {@code ppacer scheduler} node, live: the image's DAGs, the bundle versions
 * the store says are active (loaded again from the bundle store, {@link #bundleStore}), and the DAG folder's
 * bundles, which is watched (a jar dropped in, changed or removed takes effect after {@link #DEBOUNCE} of quiet,
 * without a restart). Opens the node's store, since the deployer records versions in it before the scheduler
 * starts; {@link #close()} closes it after the scheduler stopped.
 */
public final class LiveDags implements AutoCloseable {
    /** How long the DAG folder must be quiet before it is scanned again. */
    public static final Duration DEBOUNCE = Duration.ofMillis(500);
    private static final Logger LOG = System.getLogger(LiveDags.class.getName());

    private final Store store;
    private final BundleDeployer deployer;
    private final BundleCatalog catalog;
    private final Optional<DagsFolder> folder;

    private LiveDags(Store store, BundleDeployer deployer, Optional<DagsFolder> folder) {
        this.store = store;
        this.deployer = deployer;
        this.catalog = new BundleCatalog(deployer);
        this.folder = folder;
    }

    /**
     * Opens the store, serves again the versions it says are active, deploys the folder's bundles and starts
     * watching the folder. A refused bundle is reported on {@code err} and left out.
     *
     * @param db the store URL
     * @param dbOptions the store options
     * @param dagsDir the DAG folder, if any
     * @param workDir the working folder (the bundle store of a store that is not a SQLite file is in it)
     * @param err where refusals are reported
     * @return the live DAGs
     */
    public static LiveDags open(String db, Map<String, String> dbOptions, Optional<Path> dagsDir, Path workDir,
                                PrintWriter err) {
        Store store = Stores.open(new StoreConfig(db, dbOptions, InstantSource.system()));
        try {
            BundleLoader loader = new BundleLoader();
            Bundles bundles = new Bundles(DagRegistry.load(), loader);
            BundleDeployer deployer = new BundleDeployer(bundleStore(db, workDir), bundles, loader, store.bundles(),
                    InstantSource.system());
            deployer.restore();
            Optional<DagsFolder> folder = dagsDir.map(d -> new DagsFolder(d, deployer, DEBOUNCE));
            if (folder.isPresent()) {
                try {
                    folder.get().start().forEach((name, why) -> err.println(why));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot watch the DAG folder " + dagsDir.get() + ": " + e.getMessage(), e);
                }
                err.flush();
            }
            return new LiveDags(store, deployer, folder);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Where deployed bundle versions are kept ({@code <hash>.jar}): the folder {@code bundles} next to a SQLite
     * store file, else {@code bundles} in the working folder.
     *
     * @param db the store URL
     * @param workDir the working folder
     * @return the folder
     */
    public static Path bundleStore(String db, Path workDir) {
        String prefix = "jdbc:sqlite:";
        if (db.startsWith(prefix) && !db.contains(":memory:") && !db.contains("mode=memory")) {
            String file = db.substring(prefix.length());
            int q = file.indexOf('?');
            file = q < 0 ? file : file.substring(0, q);
            Path parent = workDir.resolve(file).toAbsolutePath().getParent();
            return parent.resolve("bundles");
        }
        return workDir.resolve("bundles");
    }

    /** @return the open store, for the scheduler to use */
    public Store store() {
        return store;
    }

    /** @return the deployer (uploads go through it) */
    public BundleDeployer deployer() {
        return deployer;
    }

    /** @return the DAG catalog the scheduler uses */
    public BundleCatalog catalog() {
        return catalog;
    }

    /** Stops watching the folder and closes the store; after the scheduler stopped. */
    @Override
    public void close() {
        try {
            if (folder.isPresent()) {
                folder.get().close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot stop watching the DAG folder: " + e.getMessage());
        } finally {
            store.close();
        }
    }
}
