package ppacer.scheduler.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.AssetEvent;

/**
 * One asset as the scheduler knows it: named by a DAG of the registry (produced or consumed), or by
 * a stored event.
 *
 * @param name the asset name
 * @param latest its newest event, if any
 * @param producers the tasks producing it, as {@code dagId/taskId}
 * @param consumers the DAGs scheduled on it
 */
public record AssetSummary(String name, Optional<AssetEvent> latest, List<String> producers, List<String> consumers) {
    /** Copies the lists. */
    public AssetSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(latest, "latest");
        producers = List.copyOf(producers);
        consumers = List.copyOf(consumers);
    }
}
