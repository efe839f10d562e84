package ppacer.exec;

import java.util.Objects;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;

/**
 * Finds the DAG an attempt runs from: a DAG built into the image, or one of a DAG bundle's versions
 * (by the hash the attempt carries, {@link ppacer.api.protocol.TaskToExec#bundleHash()}). An
 * executor's lookup may load (or download) a bundle version the first time it is asked for it.
 */
@FunctionalInterface
public interface DagLookup {
    /**
     * @param dagId the DAG id
     * @param bundleHash the SHA-256 (hex) of the bundle version the run started with, or null for a
     *     DAG built into the image
     * @return the DAG, or empty when this lookup cannot find it
     * @throws ppacer.api.PpacerException when the bundle version exists but cannot be had (e.g. its
     *     download failed or did not match its hash); the message says why
     */
    Optional<Dag> find(String dagId, String bundleHash);

    /**
     * A lookup of a fixed set of DAGs, which ignores bundle hashes.
     *
     * @param registry the DAGs
     * @return the lookup
     */
    static DagLookup of(DagRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return (dagId, bundleHash) -> registry.find(dagId);
    }
}
