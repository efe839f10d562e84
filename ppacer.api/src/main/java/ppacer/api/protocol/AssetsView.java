package ppacer.api.protocol;

import java.util.List;

/**
 * Every asset ({@code GET /assets}) and the cross-DAG graph: an edge DAG → asset for each producing
 * task, asset → DAG for each consumer.
 *
 * @param assets the assets, by name
 */
public record AssetsView(List<AssetView> assets) {
    /** Copies the list. */
    public AssetsView {
        assets = assets == null ? List.of() : List.copyOf(assets);
    }
}
