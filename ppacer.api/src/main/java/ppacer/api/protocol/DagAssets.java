package ppacer.api.protocol;

import java.util.List;

/**
 * The asset side of a DAG ({@code GET /dags/{id}}): its asset condition and what it still waits for.
 *
 * @param condition the asset condition, e.g. {@code all(x, y)}
 * @param missing the assets the condition still misses (empty when it holds and a run is due or
 *     running)
 * @param pendingEvents the events of its assets it has not consumed yet, oldest first
 */
public record DagAssets(String condition, List<String> missing, List<AssetEventView> pendingEvents) {
    /** Copies the lists. */
    public DagAssets {
        missing = missing == null ? List.of() : List.copyOf(missing);
        pendingEvents = pendingEvents == null ? List.of() : List.copyOf(pendingEvents);
    }
}
