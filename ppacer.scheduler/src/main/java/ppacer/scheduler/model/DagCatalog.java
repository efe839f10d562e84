package ppacer.scheduler.model;

import java.util.Objects;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;

/**
 * The DAGs a scheduler serves, which may change while it runs (a DAG bundle deployed, undeployed, or
 * its folder changed): the DAGs new runs use ({@link #current()}), the DAG a run started with
 * ({@link #dag(String, Optional)}, by DAG id and bundle version), and pins that keep a bundle version
 * loaded while a run uses it. A fixed registry ({@link #fixed(DagRegistry)}) never changes.
 *
 * <p>The scheduler pins a version when a run of it becomes active in memory (started, recovered,
 * restarted) and releases it when the run ends; it re-reads {@link #current()} and syncs the store's
 * DAG definitions on each {@link #onChange(Runnable) change}.
 */
public interface DagCatalog {
    /**
     * @return the DAGs new runs use, each with the bundle version that defines it
     *     ({@link DagRegistry#bundleHash(String)}, empty for a DAG of the image)
     */
    DagRegistry current();

    /**
     * Resolves a run's DAG: the version of the bundle it started with, or the image's DAG when it
     * started with none. May load the version (e.g. from the deployer's content folder after a
     * restart).
     *
     * @param dagId the DAG id
     * @param bundleHash the run's bundle version (SHA-256 hex), empty for a DAG of the image
     * @return the DAG, empty when that version is not to be had or does not define the DAG
     */
    Optional<Dag> dag(String dagId, Optional<String> bundleHash);

    /**
     * @param dag a DAG of this catalog (of {@link #current()} or of a version {@link #dag(String, Optional)} resolved)
     * @return the bundle version that defined this very DAG object, empty for a DAG of the image; new runs of the
     *     DAG record it
     */
    Optional<String> bundleHash(Dag dag);

    /**
     * Keeps a bundle version loaded until a matching {@link #release(String)}; loads it when needed.
     *
     * @param bundleHash the version
     * @throws ppacer.api.PpacerException when the version cannot be had
     */
    void pin(String bundleHash);

    /**
     * Ends one {@link #pin(String)}: the version is unloaded when no run pins it and it is not active.
     *
     * @param bundleHash the version
     */
    void release(String bundleHash);

    /**
     * Registers what to do after {@link #current()} changed; called on the changing thread, so it
     * must not block for long.
     *
     * @param listener the listener
     */
    void onChange(Runnable listener);

    /**
     * A catalog that never changes: every run of a DAG uses its one definition, whatever the run's
     * recorded bundle version.
     *
     * @param registry the DAGs
     * @return the catalog
     */
    static DagCatalog fixed(DagRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new DagCatalog() {
            @Override
            public DagRegistry current() {
                return registry;
            }

            @Override
            public Optional<Dag> dag(String dagId, Optional<String> bundleHash) {
                return registry.find(dagId);
            }

            @Override
            public Optional<String> bundleHash(Dag dag) {
                return registry.bundleHash(dag.id());
            }

            @Override
            public void pin(String bundleHash) {
                // nothing is ever unloaded
            }

            @Override
            public void release(String bundleHash) {
                // nothing is ever unloaded
            }

            @Override
            public void onChange(Runnable listener) {
                // never changes
            }
        };
    }
}
