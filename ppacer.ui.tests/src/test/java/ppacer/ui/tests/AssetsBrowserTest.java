package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.scheduler.model.Actor;

/**
 * The consumer's DAG page names the assets it still waits for; the assets page: the example pair ({@code orders_producer} produces {@code warehouse.orders},
 * {@code orders_report} is scheduled on it) is listed with its producer and consumer, the cross-DAG
 * graph draws DAG → asset → DAG, and a run of the producer, then an external event, show as the
 * asset's latest event (the page keeps itself live). Its own scheduler: the runs it makes must not
 * change what the other browser tests see.
 */
class AssetsBrowserTest extends OwnSchedulerTest {
    private static final String ROW = "#assets tbody tr[data-asset='warehouse.orders']";

    private static boolean reportRuns(int n) {
        var runs = live.scheduler.store().dagRuns().recent(Optional.of("orders_report"), Optional.empty(), 10);
        return runs.size() == n && runs.stream().allMatch(r -> r.run().status() == DagRunStatus.SUCCESS);
    }

    @Test
    void the_assets_page_lists_producers_consumers_latest_events_and_the_cross_dag_graph() {
        Ui ui = new Ui(browser.driver, live.uri(), TIMEOUT);
        // the consumer's DAG page says what it still waits for
        ui.open("#/dags/orders_report");
        ui.textContains("[data-fact='assets']", "waiting for warehouse.orders");
        ui.textContains("[data-fact='assets']", "0 pending events");
        ui.present("[data-fact='assets'] [data-missing='warehouse.orders']");

        ui.open("#/assets");
        ui.textContains(ROW, "orders_producer/load_orders");
        ui.textContains(ROW, "orders_report");
        ui.textContains(ROW, "–"); // no event yet
        ui.present("#asset-graph [data-node='dag:orders_producer']");
        ui.present("#asset-graph [data-node='asset:warehouse.orders']");
        ui.present("#asset-graph [data-node='dag:orders_report']");
        ui.present("#asset-graph line[data-edge='orders_producer->warehouse.orders']");
        ui.present("#asset-graph line[data-edge='warehouse.orders->orders_report']");

        long run = live.scheduler.trigger("orders_producer", "{}");
        ui.until(d -> reportRuns(1));
        ui.textContains(ROW, "orders_producer/load_orders run #" + run);

        live.scheduler.emitAssetEvent("warehouse.orders", "{\"rows\":42}", Optional.empty(),
                new Actor("partner-feed", Optional.of("10.1.2.3")));
        ui.textContains(ROW, "partner-feed (10.1.2.3)");
        ui.until(d -> reportRuns(2));
        assertEquals(2, live.scheduler.assetEvents("warehouse.orders", java.util.OptionalLong.empty(), 10).size());
        ui.click("#asset-graph [data-node='dag:orders_report'] a");
        ui.until(d -> d.getCurrentUrl().endsWith("#/dags/orders_report"));
    }
}
