package ppacer.otel;

import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;

/** The DAG of the end-to-end test, the same in the scheduler and in the executor process. */
final class TracedDags {
    private TracedDags() {
    }

    static DagRegistry registry() {
        Task first = Task.of("first", ctx -> ctx.logger().info("traceparent " + ctx.traceparent()));
        Task second = Task.of("second", ctx -> {
            throw new IllegalStateException("planned failure of second");
        });
        Node root = Node.of(first);
        root.then(Node.of(second));
        return DagRegistry.of(Dag.builder("e2e_traced").root(root).build());
    }
}
