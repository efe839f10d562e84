package ppacer.server;

import java.util.Objects;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.exec.bundle.BundleException;
import ppacer.exec.bundle.BundleHash;
import ppacer.exec.bundle.Bundles;
import ppacer.scheduler.model.DagCatalog;

/**
 * The DAGs of a scheduler that serves DAG bundles: the image's DAGs and the active bundle versions for new runs,
 * and every version a run started with for that run, loaded again from the deployer's content folder when it is
 * no longer loaded (after a restart). A version stays loaded while a run pins it; the last release of a version
 * that is no longer active drops it, and its module layer becomes collectable.
 */
public final class BundleCatalog implements DagCatalog {
    private final BundleDeployer deployer;
    private final Bundles bundles;

    /**
     * @param deployer deploys and keeps the bundle versions
     */
    public BundleCatalog(BundleDeployer deployer) {
        this.deployer = Objects.requireNonNull(deployer, "deployer");
        this.bundles = deployer.bundles();
    }

    /** @return the deployer */
    public BundleDeployer deployer() {
        return deployer;
    }

    @Override
    public DagRegistry current() {
        return bundles.current();
    }

    @Override
    public Optional<Dag> dag(String dagId, Optional<String> bundleHash) {
        if (bundleHash.isEmpty()) {
            return bundles.dag(dagId, Optional.empty());
        }
        return deployer.version(hash(bundleHash.get())).flatMap(b -> b.dags().find(dagId));
    }

    @Override
    public Optional<String> bundleHash(Dag dag) {
        return bundles.hashOf(dag).map(BundleHash::hex);
    }

    @Override
    public void pin(String bundleHash) {
        BundleHash h = hash(bundleHash);
        if (deployer.version(h).isEmpty()) {
            throw new BundleException("Bundle version " + bundleHash + " is neither loaded nor in the bundle store");
        }
        bundles.pin(h);
    }

    @Override
    public void release(String bundleHash) {
        bundles.unpin(hash(bundleHash));
    }

    @Override
    public void onChange(Runnable listener) {
        bundles.onChange(listener);
    }

    private static BundleHash hash(String hex) {
        return new BundleHash(hex);
    }
}
