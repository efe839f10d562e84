package ppacer.scheduler.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import ppacer.api.AssetEvent;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Store;
import ppacer.scheduler.model.AssetSummary;

/**
 * The assets of a registry and a store, for the API: producers and consumers from the DAGs, latest
 * events from the store, and what an asset-scheduled DAG still waits for.
 */
public final class AssetCatalog {
    private final DagRegistry registry;
    private final Store store;

    /**
     * @param registry the DAGs
     * @param store the store
     */
    public AssetCatalog(DagRegistry registry, Store store) {
        this.registry = registry;
        this.store = store;
    }

    /**
     * @param name an asset name
     * @return whether a DAG of the registry produces or consumes it
     */
    public boolean known(String name) {
        for (Dag dag : registry.dags()) {
            if (dag.assetCondition().map(c -> c.assets().contains(name)).orElse(false)) {
                return true;
            }
            for (List<String> produced : dag.producers().values()) {
                if (produced.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return every asset a DAG names or an event was recorded for, by name */
    public List<AssetSummary> all() {
        Map<String, List<String>> producers = new TreeMap<>();
        Map<String, List<String>> consumers = new TreeMap<>();
        for (Dag dag : registry.dags()) {
            dag.producers().forEach((task, assets) -> assets.forEach(a ->
                    producers.computeIfAbsent(a, k -> new ArrayList<>()).add(dag.id() + "/" + task)));
            dag.assetCondition().ifPresent(c -> c.assets().forEach(a ->
                    consumers.computeIfAbsent(a, k -> new ArrayList<>()).add(dag.id())));
        }
        Map<String, AssetEvent> latest = new TreeMap<>();
        store.assets().latestPerAsset().forEach(e -> latest.put(e.asset(), e));
        Set<String> names = new TreeSet<>(producers.keySet());
        names.addAll(consumers.keySet());
        names.addAll(latest.keySet());
        List<AssetSummary> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(new AssetSummary(n, Optional.ofNullable(latest.get(n)), producers.getOrDefault(n, List.of()),
                    consumers.getOrDefault(n, List.of())));
        }
        return out;
    }

    /**
     * @param name an asset
     * @return its summary, empty when no DAG names it and no event was recorded for it
     */
    public Optional<AssetSummary> find(String name) {
        return all().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * What an asset-scheduled DAG still waits for.
     *
     * @param dag a DAG
     * @return the assets its condition still misses (empty when it holds, or the DAG is not on assets)
     */
    public Set<String> missing(Dag dag) {
        if (dag.assetCondition().isEmpty()) {
            return Set.of();
        }
        var c = dag.assetCondition().get();
        return c.missing(AssetTriggers.updated(store.assets().pending(dag.id(), c.assets())));
    }

    /**
     * @param dag a DAG
     * @return its pending (not yet consumed) asset events, oldest first; empty when it is not on assets
     */
    public List<AssetEvent> pending(Dag dag) {
        return dag.assetCondition().map(c -> store.assets().pending(dag.id(), c.assets())).orElse(List.of());
    }
}
