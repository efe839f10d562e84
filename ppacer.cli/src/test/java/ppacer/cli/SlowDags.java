package ppacer.cli;

import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagSource;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * A DAG whose two tasks run for ten minutes, found through {@link DagSource} only by the child
 * processes of {@link SignalTest} (a services file in a directory on their class path alone).
 */
public final class SlowDags implements DagSource {
    /** For the service loader. */
    public SlowDags() {
    }

    private static Task sleeper(String id) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext context) throws InterruptedException {
                context.logger().info("sleeping");
                Thread.sleep(600_000);
            }
        };
    }

    @Override
    public List<Dag> dags() {
        Node start = Node.of(sleeper("first"));
        start.then(Node.of(sleeper("never")));
        return List.of(Dag.builder("slow").root(start, Node.of(sleeper("second"))).build());
    }
}
