package ppacer.examples;

import ppacer.api.AssetEvent;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.AssetCondition;

/**
 * An asset producer / consumer pair:
 * <pre>
 * orders_producer: extract_orders ── load_orders  (produces warehouse.orders)
 * orders_report:   scheduled on warehouse.orders  (runs once per new event)
 * </pre>
 * {@code orders_producer} runs when triggered; its {@code load_orders} success records an event of
 * {@code warehouse.orders}, which starts one run of {@code orders_report}; its task logs the events
 * that started it. An external system can post the event too: {@code ppacer asset emit
 * warehouse.orders --meta '{"rows":42}'}.
 */
final class AssetDags {
    static final String PRODUCER = "orders_producer";
    static final String CONSUMER = "orders_report";
    static final String ASSET = "warehouse.orders";

    private AssetDags() {
    }

    static Dag producer() {
        Node extract = Node.of(Task.of("extract_orders", ctx -> ctx.logger().info("Extracting the day's orders")));
        extract.then(Node.of(Task.of("load_orders", ctx -> ctx.logger().info("Loading orders into " + ASSET)))
                .produces(ASSET));
        return Dag.builder(PRODUCER)
                .description("Loads orders into the warehouse; its success records an event of " + ASSET + " (trigger only)")
                .tags(ExampleDags.TAG, "assets")
                .root(extract)
                .build();
    }

    static Dag consumer() {
        return Dag.builder(CONSUMER)
                .description("Reports on the orders: runs once each time " + ASSET + " is updated")
                .tags(ExampleDags.TAG, "assets")
                .onAssets(AssetCondition.asset(ASSET))
                .root(Node.of(Task.of("report", ctx -> {
                    ctx.logger().info("Reporting on " + ctx.triggeringEvents().size() + " new event(s) of " + ASSET);
                    for (AssetEvent e : ctx.triggeringEvents()) {
                        ctx.logger().info("Triggered by event #" + e.id() + " of " + e.asset() + " from "
                                + e.source().describe() + " with metadata " + e.metadataJson());
                    }
                })))
                .build();
    }
}
