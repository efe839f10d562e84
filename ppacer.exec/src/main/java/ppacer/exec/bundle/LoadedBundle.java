package ppacer.exec.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;

/**
 * One version of a DAG bundle, loaded in its own module layer. The layer (and every class of the
 * bundle) is released when the last reference to this object goes.
 *
 * @param name the bundle's name (its jar's file name without {@code .jar}, or its folder's name)
 * @param hash the version: the SHA-256 of its content
 * @param path where it was loaded from
 * @param layer its module layer, a child of the boot layer
 * @param dags the DAGs its {@link ppacer.api.DagSource}s define
 */
public record LoadedBundle(String name, BundleHash hash, Path path, ModuleLayer layer, DagRegistry dags) {
    /** Checks that nothing is missing. */
    public LoadedBundle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(dags, "dags");
    }

    /** @return the ids of the DAGs it provides, in registration order */
    public List<String> dagIds() {
        return dags.dags().stream().map(Dag::id).toList();
    }

    @Override
    public String toString() {
        return "bundle '" + name + "' " + hash.shortHex() + " " + dagIds();
    }
}
