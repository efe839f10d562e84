package ppacer.cli.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import ppacer.api.DagRegistry;
import ppacer.api.spi.BundleStore;
import ppacer.exec.bundle.BundleException;
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.Bundles;
import ppacer.exec.bundle.DagsFolder;
import ppacer.exec.bundle.LoadedBundle;

/**
 * The DAGs a process starts with: the image's (found by {@link java.util.ServiceLoader}) and those of
 * the DAG folder's bundles ({@code --dags}), each bundle in its own module layer. A bundle that is
 * refused is reported and left out; the others serve.
 */
public final class FolderDags {
    private final Bundles bundles;

    private FolderDags(Bundles bundles) {
        this.bundles = bundles;
    }

    /**
     * Loads the image's DAGs and the folder's bundles.
     *
     * @param folder the DAG folder, if any
     * @param err where refusals are reported
     * @return the DAGs
     */
    public static FolderDags load(Optional<Path> folder, PrintWriter err) {
        Bundles bundles = new Bundles(DagRegistry.load(), new BundleLoader());
        if (folder.isPresent()) {
            for (Path p : entries(folder.get())) {
                try {
                    bundles.deploy(BundleLoader.nameOf(p), p);
                } catch (BundleException e) {
                    err.println(e.getMessage());
                }
            }
            err.flush();
        }
        return new FolderDags(bundles);
    }

    private static List<Path> entries(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the DAG folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** @return the image's DAGs, then the bundles' */
    public DagRegistry registry() {
        return bundles.current();
    }

    /** @return the bundle set itself: the image's DAGs and the folder's bundles, to which deploys add */
    public Bundles set() {
        return bundles;
    }

    /** @return the bundles loaded */
    public List<LoadedBundle> bundles() {
        return bundles.active();
    }

    /**
     * Records the loaded bundles' versions in the store (a version already active is left as it is).
     *
     * @param store the store's bundle versions
     * @param now the deploy time of new versions
     */
    public void record(BundleStore store, Instant now) {
        for (LoadedBundle b : bundles.active()) {
            store.deploy(b.name(), b.hash().hex(), b.dagIds(), now, DagsFolder.DEPLOYED_BY);
        }
    }
}
