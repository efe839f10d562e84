package ppacer.examples;

import java.time.Duration;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.schedule.Schedule;
import ppacer.tasks.PrintTask;

/**
 * {@code hello_world}: the Go original's first example. Every 10 seconds:
 * <pre>
 * start ─┬─ t21
 *        └─ t22 ── finish
 * </pre>
 */
final class HelloWorldDag {
    static final String ID = "hello_world";

    private HelloWorldDag() {
    }

    static Dag dag() {
        Node start = Node.of(PrintTask.of("start", "Hello, world! Starting the run"));
        Node t21 = Node.of(PrintTask.of("t21", "Hello from t21"));
        Node t22 = Node.of(PrintTask.of("t22", "Hello from t22"));
        start.then(t21, t22);
        t22.then(Node.of(PrintTask.of("finish", "Goodbye from finish")));
        return Dag.builder(ID)
                .description("The classic ppacer example: four print tasks, start >> [t21, t22], t22 >> finish, every 10 s")
                .tags(ExampleDags.TAG, "hello")
                .schedule(Schedule.every(Duration.ofSeconds(10), ExampleDags.START))
                .catchUp(false)
                .root(start)
                .build();
    }
}
