package ppacer.api.protocol;

import java.util.List;

/**
 * One asset ({@code GET /assets}, {@code GET /assets/{name}}).
 *
 * @param name the asset name
 * @param latest its newest event, null when it has none
 * @param producers the tasks producing it, as {@code dagId/taskId}
 * @param consumers the DAGs scheduled on it
 * @param events a page of its events, newest first ({@code GET /assets/{name}} only; empty in the list)
 * @param nextBeforeId the {@code beforeId} of the next page, null when this page is the last
 */
public record AssetView(String name, AssetEventView latest, List<String> producers, List<String> consumers,
                        List<AssetEventView> events, Long nextBeforeId) {
    /** Copies the lists. */
    public AssetView {
        producers = producers == null ? List.of() : List.copyOf(producers);
        consumers = consumers == null ? List.of() : List.copyOf(consumers);
        events = events == null ? List.of() : List.copyOf(events);
    }
}
