package ppacer.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The DAGs known to a scheduler or executor, by id. Immutable.
 */
public final class DagRegistry {
    private final Map<String, Dag> dags;
    /** The source that contributed each DAG, when the registry was built from sources. */
    private final Map<String, Class<? extends DagSource>> sources;
    /** The DAG bundle version (content hash) that contributed each DAG, for DAGs of bundles. */
    private final Map<String, String> bundleHashes;

    private DagRegistry(Map<String, Dag> dags, Map<String, Class<? extends DagSource>> sources) {
        this(dags, sources, Map.of());
    }

    private DagRegistry(Map<String, Dag> dags, Map<String, Class<? extends DagSource>> sources,
                        Map<String, String> bundleHashes) {
        this.dags = dags;
        this.sources = sources;
        this.bundleHashes = bundleHashes;
    }

    /**
     * A registry of the given DAGs.
     *
     * @param dags the DAGs
     * @return the registry
     * @throws DagDefinitionException when two DAGs share an id
     */
    public static DagRegistry of(Collection<Dag> dags) {
        Map<String, Dag> map = new LinkedHashMap<>();
        for (Dag d : dags) {
            Dag other = map.putIfAbsent(d.id(), d);
            if (other != null) {
                throw new DagDefinitionException("Duplicate DAG id '" + d.id() + "' in the registry");
            }
        }
        return new DagRegistry(java.util.Collections.unmodifiableMap(map), Map.of());
    }

    /**
     * A registry of the DAGs of the given sources, remembering which source contributed each DAG
     * ({@link #source(String)}).
     *
     * @param sources the sources
     * @return the registry
     * @throws DagDefinitionException when two DAGs share an id
     */
    public static DagRegistry fromSources(Collection<? extends DagSource> sources) {
        List<Dag> all = new java.util.ArrayList<>();
        Map<String, Class<? extends DagSource>> from = new LinkedHashMap<>();
        for (DagSource source : sources) {
            for (Dag d : source.dags()) {
                all.add(d);
                from.putIfAbsent(d.id(), source.getClass());
            }
        }
        return new DagRegistry(of(all).dags, Map.copyOf(from));
    }

    /**
     * A registry of the given DAGs.
     *
     * @param dags the DAGs
     * @return the registry
     */
    public static DagRegistry of(Dag... dags) {
        return of(List.of(dags));
    }

    /**
     * Collects the DAGs of every {@link DagSource} visible to {@code ppacer.api}'s service loader.
     *
     * @return the registry
     * @throws DagDefinitionException when a source fails to load or two DAGs share an id
     */
    public static DagRegistry load() {
        List<DagSource> sources = new java.util.ArrayList<>();
        try {
            for (DagSource source : ServiceLoader.load(DagSource.class)) {
                sources.add(source);
            }
        } catch (ServiceConfigurationError e) {
            throw new DagDefinitionException("A DagSource failed to load: " + e.getMessage());
        }
        return fromSources(sources);
    }

    /**
     * Looks a DAG up.
     *
     * @param dagId the id
     * @return the DAG, or empty
     */
    public Optional<Dag> find(String dagId) {
        return Optional.ofNullable(dags.get(dagId));
    }

    /**
     * @param dagId a DAG id
     * @return the {@link DagSource} class that contributed the DAG, empty when the registry was built
     *     from DAGs ({@link #of(Collection)}) or the id is unknown
     */
    public Optional<Class<? extends DagSource>> source(String dagId) {
        return Optional.ofNullable(sources.get(dagId));
    }

    /**
     * This registry, with the DAG bundle version of the DAGs that come from bundles.
     *
     * @param hashes DAG id to the content hash of the bundle version that defines it
     * @return the registry
     * @throws DagDefinitionException when an id is not in the registry
     */
    public DagRegistry withBundleHashes(Map<String, String> hashes) {
        for (String dagId : hashes.keySet()) {
            if (!dags.containsKey(dagId)) {
                throw new DagDefinitionException("DAG '" + dagId + "' of a bundle is not in the registry " + dags.keySet());
            }
        }
        return new DagRegistry(dags, sources, Map.copyOf(hashes));
    }

    /**
     * @param dagId a DAG id
     * @return the content hash of the DAG bundle version that defines it; empty for a DAG of the
     *     image (or an unknown id). New runs of the DAG record it.
     */
    public Optional<String> bundleHash(String dagId) {
        return Optional.ofNullable(bundleHashes.get(dagId));
    }

    /** @return every DAG, in registration order */
    public Collection<Dag> dags() {
        return dags.values();
    }

    /** @return the number of DAGs */
    public int size() {
        return dags.size();
    }
}
